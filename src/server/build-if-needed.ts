import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** Newest modification time below `p` (a file or a folder), ignoring the Node-only server code. */
function newest(p: string): number {
  let st
  try {
    st = statSync(p)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.mtimeMs
  let max = 0
  for (const entry of readdirSync(p)) {
    if (entry === 'server' || entry === 'node_modules') continue
    max = Math.max(max, newest(path.join(p, entry)))
  }
  return max
}

/** Builds the app with Vite when `outDir` is missing or older than its sources. */
export function buildIfNeeded(root: string, outDir: string): void {
  const built = newest(path.join(outDir, 'index.html'))
  const sources = Math.max(
    ...['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => newest(path.join(root, p))),
  )
  if (built > sources) return
  console.log(built ? 'The build is older than the sources: rebuilding…' : 'No build yet: building the app…')
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (r.status !== 0) {
    console.error('The build failed (see above). Fix it, or run `npm run build` to see the type errors too.')
    process.exit(1)
  }
}
