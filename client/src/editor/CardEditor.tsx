// Placeholder until the editor lands (issue 3, in progress).
import { useProgram } from '../sync/use-connection';

export function CardEditor({ programId, onClose }: { programId: string; onClose: () => void }) {
  const program = useProgram(programId);
  return (
    <div role="dialog" aria-modal="true" aria-label={program?.title ?? programId} className="dialog">
      <h2>{program?.title}</h2>
      <button type="button" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
