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
  // The Teams boundary (issue 12): only src/teams (adapter, channel authentication, activity handler,
  // the activity endpoint, proactive sender, roster lookup, the turn -> TurnScope bridge) may import
  // botbuilder/botframework-*, even for types, so a move to the Microsoft 365 Agents SDK is that one
  // folder (src/teams/README.md). The kit in src/bot builds plain schema objects (bot/messages.ts).
  // Tests and benches are not under src/ and may use botbuilder's real CloudAdapter and MemoryStorage.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/teams/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
          message: 'botbuilder lives in the Teams boundary (src/teams): use the local types in src/bot/chatTypes.ts (CardAttachment, ConversationAddress, OutgoingMessage), src/store/storage.ts (Storage), the factories in src/bot/messages.ts, or add what needs botbuilder to src/teams.',
        }],
      }],
    },
  },
  // One way to log an error (issue 12): `logger.warn({ ...errorFacts(err), ... })` (src/logger.ts), never
  // the error object, which can carry its request's headers and every cause's message.
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: 'CallExpression[callee.property.name=/^(trace|debug|info|warn|error|fatal)$/] > ObjectExpression > Property[key.name=/^(err|error)$/]',
        message: 'Log an error with errorFacts(err) from src/logger.ts (message, codes; stack: true for unexpected failures), never the error object or its own field.',
      }],
    },
  },
  // Tests and benches read loosely typed JSON (activities, cards, ARM bodies) on purpose.
  { files: ['test/**', 'bench/**', 'scripts/**'], rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);
