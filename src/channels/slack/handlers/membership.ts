import { addressOf, type SlackContext } from '../context.js';

/**
 * Whether the person answering belongs to the partnership and round a payload names. Slack's
 * signature proves who is acting, not that a view's metadata or a button's value still points
 * where they may answer (a message shared elsewhere, a click that carries no channel). They
 * belong when the partnership is in their workspace and they are in the round's roster or in
 * its channel now. An unknown partnership or round is left to the services to refuse.
 */
export async function belongs(ctx: SlackContext, partnershipId: string, roundId: string, person: { id: string; team?: string | undefined }): Promise<boolean> {
  const p = await ctx.services.get(partnershipId);
  if (!p || p.platform !== 'slack') return true;
  const address = addressOf(p);
  if (person.team !== undefined && person.team !== address.team) return false;
  if (p.rounds.find((r) => r.id === roundId)?.roster.some((m) => m.id === person.id)) return true;
  return ctx.api.isMember(address.channel, person.id);
}
