/** Small inline icons: fonts on meeting-room laptops (and headless browsers) often lack emoji. */
const base = { width: 14, height: 14, viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export const EyeIcon = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2">
    <path d="M1 12s4-7 11-7 11 7 11 7-4 7-11 7S1 12 1 12z" />
    <circle cx="12" cy="12" r="3" />
  </svg>
);

export const ClockIcon = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2">
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </svg>
);

export const WarningIcon = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2">
    <path d="M12 3 2 21h20L12 3z" />
    <path d="M12 10v5M12 18v.5" />
  </svg>
);

export const ChartIcon = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2">
    <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />
  </svg>
);
