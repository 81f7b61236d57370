import type { replay as english } from '../en/replay';
import type { DeepStrings } from '../types';

/** 录制与回放：控制按钮、回放栏、打开文件。 */
export const replay: DeepStrings<typeof english> = {
  disabledReason: '正在回放录制内容：回到实时数据后才能运行实验',
  notAvailable: '{{channel}}：回放录制内容时不可用',
  pythonNotRecorded: '这份录制没有记录 Python 的状态',
  bar: {
    region: '回放',
    badge: '回放',
    title: '{{name}} · 录制于 {{date}}，机器 {{cpu}}（{{cores}} 个核心）',
    pause: '暂停回放',
    play: '播放',
    position: '回放位置',
    speed: '速度',
    backToLive: '回到实时',
    problem: '回放已停止：某个视图无法显示 {{at}} 毫秒处的 {{stream}} 记录（{{reason}}）',
  },
  open: {
    button: '打开录制…',
    file: '录制文件',
    backToLive: '回到实时数据',
  },
  viewError: {
    stopped: '此视图已停止：{{error}}',
    backToLive: '回到实时数据',
  },
  recording: {
    record: '● 录制',
    stop: '■ 停止录制',
    status: '录制中 {{duration}} · {{size}}',
    last: '上次录制',
    replay: '回放',
    export: '导出：',
    trace: 'Perfetto 跟踪',
    exporting: '正在导出 {{format}}…',
    saved: '已保存 {{paths}}',
  },
};
