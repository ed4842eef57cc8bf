import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sandbox image name the lane's containerd uses (`sandbox_image`); never pulled, only imported. */
export const PAUSE_IMAGE = 'plexus.local/pause:1';

/**
 * busybox-static (already a CI package for the kernel-VM lane): one static executable, so the image needs no libc
 * and no registry. `sleep infinity` is the pause process; containerd stops sandboxes with SIGKILL, so PID 1 needing
 * no signal handler is fine.
 */
export const BUSYBOX_STATIC = '/bin/busybox';

/** The pause process: PID 1 of every sandbox. */
export const PAUSE_ENTRYPOINT = ['/bin/busybox', 'sleep', 'infinity'];

/**
 * buildPauseImage writes an OCI image layout archive (oci-layout, index.json, blobs/sha256/…) holding a one-layer
 * image with /bin/busybox as `sleep infinity`, named PAUSE_IMAGE through the `io.containerd.image.name` annotation,
 * and returns the archive's path. `ctr images import` takes it as is — no registry, no network.
 */
export function buildPauseImage(workDir: string): string {
  const rootfs = join(workDir, 'rootfs');
  const layout = join(workDir, 'layout');
  const blobs = join(layout, 'blobs', 'sha256');
  mkdirSync(join(rootfs, 'bin'), { recursive: true });
  mkdirSync(blobs, { recursive: true });
  copyFileSync(BUSYBOX_STATIC, join(rootfs, 'bin', 'busybox'));
  const layerTar = join(workDir, 'layer.tar');
  tar(['--numeric-owner', '--owner=0', '--group=0', '--mtime=@0', '-C', rootfs, '-cf', layerTar, 'bin']);
  const layer = addBlob(blobs, readFileSync(layerTar));
  const config = addBlob(
    blobs,
    Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Entrypoint: PAUSE_ENTRYPOINT }, rootfs: { type: 'layers', diff_ids: [layer.digest] } })),
  );
  const manifest = addBlob(
    blobs,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
      }),
    ),
  );
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const annotations = { 'io.containerd.image.name': PAUSE_IMAGE, 'org.opencontainers.image.ref.name': PAUSE_IMAGE.split(':')[1] };
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations }] }));
  const archive = join(workDir, 'pause.oci.tar');
  tar(['-C', layout, '-cf', archive, 'oci-layout', 'index.json', 'blobs']);
  return archive;
}

/** addBlob stores content under its digest and returns the descriptor fields. */
function addBlob(dir: string, content: Buffer): { digest: string; size: number } {
  const hex = createHash('sha256').update(content).digest('hex');
  writeFileSync(join(dir, hex), content);
  return { digest: `sha256:${hex}`, size: content.length };
}

function tar(args: string[]): void {
  const out = spawnSync('tar', args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`tar ${args.join(' ')} failed: ${out.stderr}`);
}
