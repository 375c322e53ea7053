import { describe, expect, it } from '@jest/globals';
import { detectOutputMode } from '../../src/ui/reporter.js';

describe('detectOutputMode', () => {
  const tty = { stdoutIsTty: true, stderrIsTty: true };

  it('colours and animates on a terminal outside CI', () => {
    expect(detectOutputMode({ ...tty, env: {} })).toMatchObject({ color: true, interactive: true });
  });

  it('honours NO_COLOR and --no-color', () => {
    expect(detectOutputMode({ ...tty, env: { NO_COLOR: '1' } }).color).toBe(false);
    expect(detectOutputMode({ ...tty, color: false, env: {} }).color).toBe(false);
  });

  it('never prompts or animates in CI, without a terminal, or with --json', () => {
    expect(detectOutputMode({ ...tty, env: { CI: 'true' } }).interactive).toBe(false);
    expect(detectOutputMode({ stdoutIsTty: false, stderrIsTty: false, env: {} }).interactive).toBe(false);
    expect(detectOutputMode({ ...tty, json: true, env: {} }).interactive).toBe(false);
  });
});
