// Import-structure rules for src/ (issue 12), run by `npm run lint` (so by `npm test` and CI).
// Cycles are counted with type-only imports too (tsPreCompilationDeps): a type cycle is still two
// folders that cannot be understood, tested or moved one without the other.
// A folder's dependencies on its own parent or subfolders do not count as folder cycles (that is
// how dependency-cruiser defines them): src/app.ts may wire every folder that imports src/logger.ts.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders depend one way: src/bot (the kit) <- commands, approvals, notify <- registry <- app.ts; src/teams builds on the kit and is wired in by app.ts. Move the shared piece down a level instead of importing back up.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-file-cycle',
      comment: 'Two files that import each other (even for types only): move what both need into a third file.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'teams-only-from-composition-root',
      comment: 'src/teams (the only botbuilder folder) is wired in by src/app.ts alone; everything else talks to it through the kit\'s local types (bot/chatTypes.ts, bot/proactiveSender.ts, http/server.ts ActivityRequestHandler), so a change of chat SDK stays in src/teams.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/teams/', '^src/app\\.ts$', '^src/index\\.ts$'] },
      to: { path: '^src/teams/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
