import { describe, expect, it } from 'vitest';
import { LM_PLACEHOLDER, probeCommand, shellWord } from './probeCommand';

describe('probeCommand', () => {
  it('fills in the layer and folder and leaves the language model as a placeholder', () => {
    expect(probeCommand({ name: 'mixed-l18-x16-a100-b0', layer: 18 })).toBe(
      `python tools/make_probes.py --model ${LM_PLACEHOLDER} --layer 18 --bae mixed-l18-x16-a100-b0 ` +
        '--dataset HuggingFaceFW/fineweb-edu --dataset-config sample-10BT ' +
        '--out mixed-l18-x16-a100-b0/probes.safetensors',
    );
  });

  it('names the layer as a placeholder when the config has none', () => {
    expect(probeCommand({ name: 'm', layer: null })).toContain('--layer <layer> ');
  });

  it('quotes a folder name the shell would split or expand', () => {
    const cmd = probeCommand({ name: "my model's $HOME", layer: 3 });
    expect(cmd).toContain(`--bae 'my model'\\''s $HOME'`);
    expect(cmd).toContain(`--out 'my model'\\''s $HOME/probes.safetensors'`);
  });
});

describe('shellWord', () => {
  it('keeps plain words and single-quotes the rest', () => {
    expect(shellWord('a-b_c.d/e')).toBe('a-b_c.d/e');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('`rm -rf`')).toBe("'`rm -rf`'");
    expect(shellWord('')).toBe("''");
  });
});
