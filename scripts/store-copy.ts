/**
 * `npm run store:copy -- --from ./data --to "$DATABASE_URL"`: copies a data folder's
 * partnerships and member key into PostgreSQL, checks every copy, and never overwrites a
 * partnership the database already holds. Exits 1 when anything was not copied.
 */
import { parseArgs } from 'node:util';
import { copyFilesToPostgres } from '../src/store/copy.js';

const usage = 'usage: npm run store:copy -- --from ./data --to postgres://user@host/database (default: $DATABASE_URL)';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  const from = values.from;
  const to = values.to ?? process.env.DATABASE_URL;
  if (!from || !to || !/^postgres(ql)?:\/\//.test(to)) {
    console.error(usage);
    return 2;
  }
  const report = await copyFilesToPostgres(from, to);
  console.log(`copied: ${report.copied.length}`);
  console.log(`already in the database, identical: ${report.alreadyThere.length}`);
  console.log(`member key: ${report.memberKey}`);
  for (const id of report.refused) console.log(`REFUSED ${id}: the database already holds this partnership, differently; left as it was`);
  for (const u of report.unreadable) console.log(`UNREADABLE ${u.id}: ${u.reason}; not copied`);
  for (const id of report.mismatched) console.log(`MISMATCH ${id}: reads back differently from its file`);
  const problems = report.refused.length + report.unreadable.length + report.mismatched.length;
  console.log(problems ? `${problems} partnership(s) not copied: see above` : 'every partnership copied and checked');
  return problems ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`store:copy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
