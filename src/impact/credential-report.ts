/**
 * The IAM credential report (GetCredentialReport's CSV): one call per account gives every user's password and
 * key dates, without key ids or tags. `cisfleet impact` uses it to find the few users a credential remediation
 * could touch, then reads only those users live (impact-gateway.ts). Pure.
 */
import type { UserCredentials } from '../model/impact.js';

/** One user of the report, as the credentials it says the user has. Keys carry `key_1`/`key_2` until read live. */
export interface ReportedUser {
  readonly userName: string;
  readonly credentials: UserCredentials;
}

/** RFC 4180 fields (IAM user names may hold commas, so quoted fields are honoured). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A report date, or undefined for `N/A`, `no_information`, `not_supported` and empty cells. */
function dateOf(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The users of a credential report (the root account's row left out: the controls never touch root). */
export function readCredentialReport(csv: string): ReportedUser[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  const column = new Map(header.map((name, i) => [name, i]));
  const cell = (row: string[], name: string) => {
    const i = column.get(name);
    return i === undefined ? undefined : row[i];
  };
  const users: ReportedUser[] = [];
  for (const row of rows) {
    const userName = cell(row, 'user');
    if (!userName || userName === '<root_account>') continue;
    const keys = [1, 2].flatMap((n) => {
      const created = dateOf(cell(row, `access_key_${n}_last_rotated`));
      if (!created) return [];
      const lastUsed = dateOf(cell(row, `access_key_${n}_last_used_date`));
      const service = cell(row, `access_key_${n}_last_used_service`);
      return [
        {
          id: `key_${n}`,
          status: cell(row, `access_key_${n}_active`) === 'true' ? ('Active' as const) : ('Inactive' as const),
          created,
          ...(lastUsed ? { lastUsed } : {}),
          ...(service && service !== 'N/A' ? { lastUsedService: service } : {}),
        },
      ];
    });
    const passwordCreated = dateOf(cell(row, 'password_last_changed')) ?? dateOf(cell(row, 'user_creation_time'));
    const passwordLastUsed = dateOf(cell(row, 'password_last_used'));
    const password =
      cell(row, 'password_enabled') === 'true' && passwordCreated
        ? { created: passwordCreated, ...(passwordLastUsed ? { lastUsed: passwordLastUsed } : {}) }
        : undefined;
    users.push({ userName, credentials: { userName, tags: {}, ...(password ? { password } : {}), keys } });
  }
  return users;
}
