import { CniCode, CniError, formatResult, parseResult } from '@plexus/cni-spec';
import type { FileStore } from '@plexus/store';
import { CACHE_KIND, cacheFilePath, parseCacheFile, renderCacheFile, resultsDir, type CachedAttachment } from './cache-file';
import type { NetworkConfigList } from './conf-list';
import { describeError } from './errors';
import type { RuntimeConf } from './runtime-conf';

/**
 * AttachmentCache is where a libcni-style caller keeps each attachment's final ADD result, so DEL and CHECK get it
 * back as prevResult and GC can find stale attachments. Callers with a store of their own (the meta-dispatcher's
 * checkpoint) leave it out and pass prevResult explicitly.
 */
export interface AttachmentCache {
  write(list: NetworkConfigList, rt: RuntimeConf, result: Record<string, unknown>): Promise<void>;
  /** The cached result in the list's version; undefined when absent; throws when it cannot be used. */
  readResult(list: NetworkConfigList, rt: Pick<RuntimeConf, 'containerId' | 'ifName'>): Promise<Record<string, unknown> | undefined>;
  remove(network: string, rt: Pick<RuntimeConf, 'containerId' | 'ifName'>): Promise<void>;
  listAttachments(): Promise<CachedAttachment[]>;
}

/** The cache file operations ResultCache needs. */
type CacheFs = Pick<FileStore, 'read' | 'writeAtomic' | 'remove' | 'list'>;

/** CacheReadError: a cache file exists but cannot be used (DEL and CHECK fail naming it; the file is kept). */
export class CacheReadError extends CniError {
  constructor(message: string) {
    super(CniCode.DecodingFailure, message);
  }
}

/**
 * ResultCache keeps the final ADD result of each attachment where libcni keeps it (`<cacheDir>/results`, dir
 * 0700, file 0600).
 */
export class ResultCache implements AttachmentCache {
  constructor(
    private readonly fs: CacheFs,
    readonly cacheDir: string,
  ) {}

  /** pathFor names the cache file of one attachment (names validated, over-long ones hashed: see cacheFilePath). */
  pathFor(network: string, rt: Pick<RuntimeConf, 'containerId' | 'ifName'>): string {
    return cacheFilePath(this.cacheDir, network, rt.containerId, rt.ifName);
  }

  /** write stores the final ADD result (atomically: a crash leaves the old entry or the new one). */
  async write(list: NetworkConfigList, rt: RuntimeConf, result: Record<string, unknown>): Promise<void> {
    const entry: CachedAttachment = {
      kind: CACHE_KIND,
      containerId: rt.containerId,
      config: Buffer.from(list.bytes).toString('base64'),
      ifName: rt.ifName,
      networkName: list.name,
      netns: rt.netns,
      cniArgs: rt.cniArgs,
      capabilityArgs: rt.capabilityArgs,
      result,
    };
    await this.fs.writeAtomic(this.pathFor(list.name, rt), renderCacheFile(entry), 0o600);
  }

  /**
   * readResult returns the cached result converted to the list's version (what plugins get as prevResult), or
   * undefined when there is no cache file. A file that is neither a cniCacheV1 entry nor a bare result of the
   * list's version (libcni's legacy format), or that cannot be converted, throws CacheReadError.
   */
  async readResult(list: NetworkConfigList, rt: Pick<RuntimeConf, 'containerId' | 'ifName'>): Promise<Record<string, unknown> | undefined> {
    const path = this.pathFor(list.name, rt);
    const text = await this.fs.read(path);
    if (text === undefined) return undefined;
    const version = list.cniVersion || '0.1.0';
    try {
      const entry = parseCacheFile(text);
      const raw = entry ? entry.result : (JSON.parse(text) as unknown);
      if (raw === undefined) throw new Error('no result in cache entry');
      return formatResult(parseResult(raw, version), version);
    } catch (e) {
      throw new CacheReadError(`failed to read cached result of network "${list.name}" from ${path}: ${describeError(e)}`);
    }
  }

  /** remove deletes one attachment's cache file (absent is fine). */
  async remove(network: string, rt: Pick<RuntimeConf, 'containerId' | 'ifName'>): Promise<void> {
    await this.fs.remove(this.pathFor(network, rt));
  }

  /**
   * listAttachments returns every readable cniCacheV1 entry with a network name and ifname, in file-name order
   * (libcni's GetCachedAttachments); unreadable files are skipped.
   */
  async listAttachments(): Promise<CachedAttachment[]> {
    const dir = resultsDir(this.cacheDir);
    const out: CachedAttachment[] = [];
    for (const name of [...(await this.fs.list(dir))].sort()) {
      let text: string | undefined;
      try {
        text = await this.fs.read(`${dir}/${name}`);
      } catch {
        continue;
      }
      const entry = text === undefined ? undefined : parseCacheFile(text);
      if (entry && entry.ifName && entry.networkName) out.push(entry);
    }
    return out;
  }
}
