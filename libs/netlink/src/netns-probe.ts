import { statfs } from 'node:fs/promises';

/** NSFS_MAGIC (linux/magic.h): the filesystem type of a netns handle (`/proc/PID/ns/net` or its bind mount). */
export const NSFS_MAGIC = 0x6e736673;

/**
 * NetnsProbe reads the filesystem type of a path: the one fs access checkNetns needs, injectable so unit tests
 * stay hermetic. It rejects with an ENOENT-coded error when the path does not exist.
 */
export interface NetnsProbe {
  fsTypeOf(path: string): Promise<number>;
}

/**
 * statfsNetnsProbe answers with statfs(2): one syscall instead of a `stat -f` process. A leftover regular file
 * in /var/run/netns (the mount is gone) reports its parent fs type, so it is told apart from a live netns.
 */
export const statfsNetnsProbe: NetnsProbe = {
  async fsTypeOf(path: string): Promise<number> {
    return Number((await statfs(path)).type);
  },
};
