/**
 * A test's window into rendering: the board spec counts card renders to prove one remote event does
 * not re-render the whole board. Null in the app (one property read per card render).
 */
export const renderProbe: { card: ((programId: string) => void) | null } = { card: null };
