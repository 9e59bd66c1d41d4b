// Placeholder until the propose form lands (issue 3, in progress).
export function ProposeDialog({ onClose }: { onClose: () => void; onProposed: (programId: string) => void }) {
  return (
    <div role="dialog" aria-modal="true" className="dialog">
      <button type="button" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
