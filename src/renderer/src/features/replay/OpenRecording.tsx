import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseSession, type ParsedSession } from '../../../../shared/session-format';

/**
 * "Open recording…": reads a session file in the page and hands it over parsed and checked, or
 * says why not (the damaged lines and fields) with a way back to live data.
 */
export function OpenRecording({
  onOpen,
  onBackToLive,
}: {
  onOpen: (session: ParsedSession, name: string) => void;
  /** Leaves any replay for the live lab. */
  onBackToLive: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(file: File): Promise<void> {
    setError(null);
    try {
      onOpen(parseSession(await file.text()), file.name);
    } catch (reason) {
      setError(`${file.name}: ${reason instanceof Error ? reason.message : String(reason)}`);
    }
  }

  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        {t('replay.open.button')}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={t('replay.open.file')}
        accept=".ndjson,.jsonl,application/x-ndjson"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // opening the same file again still fires
          if (file) void open(file);
        }}
      />
      {error !== null && (
        <div className="open-recording-error">
          <p className="error" role="alert">
            {error}
          </p>
          <button
            type="button"
            onClick={() => {
              setError(null);
              onBackToLive();
            }}
          >
            {t('replay.open.backToLive')}
          </button>
        </div>
      )}
    </>
  );
}
