import { describe, expect, it } from 'vitest';
import { folderName, toModelFolderUrl } from './modelUrl';

function folder(input: string, base?: string): string {
  const r = toModelFolderUrl(input, base);
  if (!r.ok) throw new Error(r.problem);
  return r.folderUrl;
}

describe('toModelFolderUrl', () => {
  it('rewrites Hugging Face tree and blob links to resolve folders', () => {
    expect(
      folder('https://huggingface.co/tdooms/gemma-scope/tree/main/mixed-l18-x16-a100-b0'),
    ).toBe('https://huggingface.co/tdooms/gemma-scope/resolve/main/mixed-l18-x16-a100-b0/');
    expect(
      folder(
        'https://huggingface.co/tdooms/gemma-scope/blob/main/mixed-l18-x16-a100-b0/config.json',
      ),
    ).toBe('https://huggingface.co/tdooms/gemma-scope/resolve/main/mixed-l18-x16-a100-b0/');
    expect(
      folder(
        'https://huggingface.co/tdooms/x-scope/resolve/main/vanilla-l03-x8-a0-b0/model.safetensors?download=true',
      ),
    ).toBe('https://huggingface.co/tdooms/x-scope/resolve/main/vanilla-l03-x8-a0-b0/');
  });

  it('keeps plain folders and adds the trailing slash', () => {
    expect(folder('http://localhost:9000/models/tiny')).toBe('http://localhost:9000/models/tiny/');
    expect(folder('/models/tiny-mixed/', 'http://localhost:5173/')).toBe(
      'http://localhost:5173/models/tiny-mixed/',
    );
  });

  it('refuses non-http schemes, garbage and bare repository pages', () => {
    const js = toModelFolderUrl('javascript:alert(1)');
    expect(js.ok).toBe(false);
    if (!js.ok) expect(js.problem).toMatch(/only http and https/);
    const bad = toModelFolderUrl('http://[oops');
    expect(bad.ok).toBe(false);
    const empty = toModelFolderUrl('   ');
    expect(empty.ok).toBe(false);
    const repo = toModelFolderUrl('https://huggingface.co/tdooms/gemma-scope');
    expect(repo.ok).toBe(false);
    if (!repo.ok) expect(repo.problem).toMatch(/repository page/);
  });

  it('names the folder', () => {
    expect(folderName('https://h.co/a/resolve/main/mixed-l18-x16-a100-b0/')).toBe(
      'mixed-l18-x16-a100-b0',
    );
    expect(folderName('http://x/models/a%20b/')).toBe('a b');
  });
});
