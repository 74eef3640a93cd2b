/**
 * SimHost: many independent worlds in one process. World "default" holds the demo scenario from the
 * start. Every token is globally unique and names its (world, user), so a request's token selects the
 * world; course and assignment ids repeat freely across worlds.
 */
import { buildScenario, type ScenarioName, type ScenarioOptions } from './scenarios'
import { liveGrant } from './oauth'
import { hashString } from './prng'
import { World, type CastMember } from './world'

export interface WorldSpec extends ScenarioOptions {
  scenario?: ScenarioName
  /** Pick the id yourself (must be free); otherwise `w1`, `w2`, … */
  worldId?: string
}

export class SimHost {
  private worlds = new Map<string, World>()
  private tokens = new Map<string, { worldId: string; userId: number }>()
  private counter = 0

  constructor(defaultSpec: WorldSpec = { scenario: 'demo' }) {
    this.createWorld({ ...defaultSpec, worldId: 'default' })
  }

  createWorld(spec: WorldSpec = {}): World {
    let id = spec.worldId
    if (id !== undefined) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error('worldId must be 1-64 letters, digits, _ or -')
      if (this.worlds.has(id)) throw new Error(`world ${id} already exists`)
    } else {
      do id = `w${++this.counter}`
      while (this.worlds.has(id))
    }
    const world = new World(id, spec.scenario ?? 'demo', spec.seed ?? 1)
    // Client ids are derived from the world id; keep them unique across live worlds.
    while (this.findWorldByClientId(world.oauth.key.clientId)) world.oauth.key.clientId = String(Number(world.oauth.key.clientId) + 1)
    buildScenario(world, spec.scenario ?? 'demo', spec)
    for (const member of world.cast) {
      member.token = tokenFor(world, member.id)
      world.tokens.set(member.token, member.id)
      this.tokens.set(member.token, { worldId: id, userId: member.id })
    }
    this.worlds.set(id, world)
    return world
  }

  /** Rebuild a world in place (same id, fresh state, same tokens for the same scenario and seed). */
  resetWorld(worldId: string, spec: WorldSpec = {}): World {
    const old = this.worlds.get(worldId)
    if (old) this.deleteWorld(worldId)
    return this.createWorld({ scenario: old?.scenario as ScenarioName | undefined, seed: old?.seed, ...spec, worldId })
  }

  deleteWorld(worldId: string): boolean {
    const world = this.worlds.get(worldId)
    if (!world) return false
    for (const token of world.tokens.keys()) this.tokens.delete(token)
    this.worlds.delete(worldId)
    return true
  }

  getWorld(worldId: string): World | undefined {
    return this.worlds.get(worldId)
  }

  worldIds(): string[] {
    return [...this.worlds.keys()]
  }

  /** A seeded token, or a live (unexpired, unrevoked) OAuth access token `<worldId>~<random>`. */
  resolveToken(token: string): { world: World; userId: number } | null {
    const hit = this.tokens.get(token)
    const world = hit && this.worlds.get(hit.worldId)
    if (hit && world) return { world, userId: hit.userId }
    const tilde = token.indexOf('~')
    if (tilde <= 0) return null
    const oauthWorld = this.worlds.get(token.slice(0, tilde))
    const grant = oauthWorld && liveGrant(oauthWorld, token)
    return oauthWorld && grant ? { world: oauthWorld, userId: grant.userId } : null
  }

  /** The world whose developer key has this client id. */
  findWorldByClientId(clientId: string | undefined | null): World | undefined {
    if (!clientId) return undefined
    for (const world of this.worlds.values()) if (world.oauth.key.clientId === clientId) return world
    return undefined
  }

  cast(worldId: string): CastMember[] {
    return this.worlds.get(worldId)?.cast ?? []
  }
}

/** Deterministic per (world id, user id, seed); the world id makes it globally unique. */
function tokenFor(world: World, userId: number): string {
  const mac = hashString(`${world.id}:${userId}:${world.seed}`).toString(36).padStart(7, '0')
  return `sim-${world.id}-${userId}-${mac}`
}
