import { readFileSync, statSync } from 'node:fs';

/** What the loader needs to know to tell that a file changed (a rewrite or a symlink swap changes one of these). */
export interface FileStamp {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
}

/** KubeFs is the client's only file access: kubeconfig, token and CA files. */
export interface KubeFs {
  /** stat follows symlinks (projected service-account tokens are a symlink swap); undefined when absent. */
  stat(path: string): FileStamp | undefined;
  /** readFile throws a Node error with `code` (ENOENT, EACCES…) when it cannot read. */
  readFile(path: string): string;
}

/** nodeKubeFs is the real file system. */
export const nodeKubeFs: KubeFs = {
  stat(path) {
    try {
      const s = statSync(path);
      return { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino };
    } catch {
      return undefined;
    }
  },
  readFile: (path) => readFileSync(path, 'utf8'),
};
