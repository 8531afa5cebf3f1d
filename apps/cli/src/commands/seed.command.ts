// The seeded Semarang-like history (OPD tree, ~3,000 positions, N years of decrees) decided command by
// command through the domain; see "Seed" in docs/PERFORMANCE.md.
export { run, summary } from '../../../../test/support/history/seed-cli';
