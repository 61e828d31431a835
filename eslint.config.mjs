import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  // The Teams boundary (issue 12): only src/bot (adapter, activity handler, routers, card/message
  // factories, proactive sender, roster lookup, the local chat types in bot/chatTypes.ts) and src/http
  // (the channel's HTTP entry) may import botbuilder/botframework-*, even for types, so a move to the
  // Microsoft 365 Agents SDK stays in those folders. Tests may use botbuilder's real CloudAdapter.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/bot/**', 'src/http/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
          message: 'botbuilder lives in the Teams boundary (src/bot, src/http): use the local types in src/bot/chatTypes.ts (CardAttachment, ConversationAddress, OutgoingMessage), src/store/storage.ts (Storage), or add a small helper there (see src/bot/messages.ts).',
        }],
      }],
    },
  },
  // The handler contract (issue 12): the context commands and card actions receive and the pipeline's
  // steps are plain types and functions; only bot/turnScopeOf.ts and bot/backupBot.ts build them from a turn.
  {
    files: ['src/bot/handlerContext.ts', 'src/bot/commandTypes.ts', 'src/bot/pipeline/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
          message: 'The handler context and pipeline steps must not name botbuilder: add what a handler needs to HandlerContext/TurnScope and fill it in bot/turnScopeOf.ts.',
        }],
      }],
    },
  },
  // Tests and benches read loosely typed JSON (activities, cards, ARM bodies) on purpose.
  { files: ['test/**', 'bench/**', 'scripts/**'], rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);
