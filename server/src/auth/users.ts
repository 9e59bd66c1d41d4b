import type { Role } from '@selaras/shared';

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  role: Role;
  opdId: string | null;
  passwordHash: string;
  disabled: boolean;
}

/** The demo password, printed at start-up and on the login page. Refused in production. */
export const DEMO_PASSWORD = 'selaras';

/** Demo accounts carry role titles, never real officials' names (DOMAIN.md). */
export const DEMO_ACCOUNTS: ReadonlyArray<Omit<UserRecord, 'passwordHash' | 'disabled'>> = [
  {
    id: 'u-sekretariat',
    username: 'sekretariat',
    name: 'Sekretariat Bappeda',
    role: 'sekretariat',
    opdId: 'bappeda',
  },
  { id: 'u-dinkes', username: 'dinkes', name: 'Operator Dinas Kesehatan', role: 'opd', opdId: 'dinkes' },
  { id: 'u-disdik', username: 'disdik', name: 'Operator Dinas Pendidikan', role: 'opd', opdId: 'disdik' },
  { id: 'u-putr', username: 'putr', name: 'Operator Dinas PUTR', role: 'opd', opdId: 'putr' },
  {
    id: 'u-inspektorat',
    username: 'inspektorat',
    name: 'Inspektorat Daerah',
    role: 'auditor',
    opdId: 'inspektorat',
  },
  { id: 'u-layar', username: 'layar', name: 'Layar Ruang Rapat', role: 'display', opdId: null },
];
