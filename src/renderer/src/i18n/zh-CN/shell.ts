import type { shell as english } from '../en/shell';
import type { DeepStrings } from '../types';

/** 应用框架：标题、标签页、语言菜单。 */
export const shell: DeepStrings<typeof english> = {
  app: {
    title: '并发实验室',
    views: '视图',
    loadingView: '加载中…',
  },
  tabs: {
    processes: '进程',
    experiments: '实验',
    ipc: '进程间通信',
  },
  language: {
    label: '语言',
  },
};
