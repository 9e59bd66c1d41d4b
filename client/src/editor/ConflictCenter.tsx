// Placeholder until the conflict view lands (issue 3, in progress).
export function ConflictCenter() {
  return null;
}
