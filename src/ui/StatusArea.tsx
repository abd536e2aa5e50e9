// The status area: running jobs with progress and Cancel, and notices (errors stay until
// dismissed; info notices fade after a few seconds).
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { etaText } from '../core/job';
import { useAppStore, type Job, type Notice } from '../state/appStore';

const INFO_TIMEOUT_MS = 6000;

export function StatusArea() {
  const { jobs, notices } = useAppStore(useShallow((s) => ({ jobs: s.jobs, notices: s.notices })));
  return (
    <div className="status-area" aria-live="polite">
      {jobs.map((job) => (
        <JobRow key={job.id} job={job} />
      ))}
      {notices.map((n) => (
        <NoticeRow key={n.id} notice={n} />
      ))}
    </div>
  );
}

function JobRow({ job }: { job: Job }) {
  const pct = job.fraction === null ? null : Math.round(job.fraction * 100);
  const left = etaText(job.etaMs);
  return (
    <div className="job" data-testid="job">
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        {job.cancel && (
          <button type="button" onClick={job.cancel} aria-label={`Cancel ${job.label}`}>
            Cancel
          </button>
        )}
      </div>
      <div className="muted" data-testid="job-phase">
        {job.phase}
        {pct !== null ? ` — ${pct}%` : ''}
        {left ? ` · ${left}` : ''}
      </div>
      <div
        className={pct === null ? 'progress indeterminate' : 'progress'}
        role="progressbar"
        aria-label={job.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}

function NoticeRow({ notice }: { notice: Notice }) {
  const dismiss = useAppStore((s) => s.dismiss);
  useEffect(() => {
    if (notice.level !== 'info') return;
    const t = setTimeout(() => dismiss(notice.id), INFO_TIMEOUT_MS);
    return () => clearTimeout(t);
  }, [notice, dismiss]);
  return (
    <div
      className={`notice ${notice.level}`}
      role={notice.level === 'error' ? 'alert' : 'status'}
      data-testid={`notice-${notice.level}`}
    >
      <div className="notice-head">
        <span className="notice-title">{notice.title}</span>
        <button type="button" onClick={() => dismiss(notice.id)} aria-label="Dismiss message">
          ×
        </button>
      </div>
      <div className="notice-detail">{notice.detail}</div>
    </div>
  );
}
