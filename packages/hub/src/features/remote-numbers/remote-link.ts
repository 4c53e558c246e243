import {
  REMOTE_PATHS,
  RemoteRequestsResultSchema,
  type RemoteAnswer,
  type RemoteOffersPush,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { RegionLinkRow } from '../../store/index.js';
import {
  answerOpenRequests,
  ChangedPush,
  EdgeLink,
  type EdgeLinkOptions,
  type LinkCall,
} from '../region-link/edge-link.js';
import { answerRemoteRequest, remoteSettings } from './remote-numbers.js';

/*
 * Numbers from the phone on the hall's one outgoing link (docs/REGION.md, "The public edge"):
 * each round pushes what the hall offers to phones (when it changed), pulls the visitors'
 * requests, answers each through remote-numbers.ts (a request brought twice: one ticket, its
 * id is the command's) and posts the answers up (region-link/edge-link.ts).
 */

export type RemoteLinkOptions = EdgeLinkOptions;

export class RemoteLink extends EdgeLink {
  private readonly offersPush = new ChangedPush(REMOTE_PATHS.offers);

  constructor(hub: Hub, options: RemoteLinkOptions = {}) {
    super(hub, 'remote numbers', options);
  }

  /** The services a number can be taken for from the phone, with their hours (none when off). */
  offers(): RemoteOffersPush {
    const config = this.hub.config;
    const settings = remoteSettings(this.hub);
    return {
      timezone: config.hall.timezone,
      confirmWithinMinutes: settings.confirmWithinMinutes,
      services: settings.enabled
        ? config.services
            .filter((s) => s.enabled && settings.serviceIds.includes(s.id))
            .map((s) => ({
              id: s.id,
              name: { zh: s.name.zh, en: s.name.en },
              hours: s.hours.map((h) => ({ days: [...h.days], open: h.open, close: h.close })),
            }))
        : [],
    };
  }

  /** The answer as the page gets it: with the ticket's public page when the hall has one. */
  private withStatus(answer: RemoteAnswer, link: RegionLinkRow): RemoteAnswer {
    if (answer.outcome !== 'issued' || this.hub.config.hall.publicStatus?.hallId !== link.hallId) {
      return answer;
    }
    const row = this.hub.store.remoteNumbers.byRequest(answer.requestId);
    const ticket = row === null ? undefined : this.hub.current.tickets.get(row.ticket_id);
    return ticket === undefined ? answer : { ...answer, statusToken: ticket.accessToken };
  }

  protected async exchange(call: LinkCall, link: RegionLinkRow): Promise<number> {
    await this.offersPush.push(call, this.offers());
    return answerOpenRequests(
      call,
      REMOTE_PATHS,
      RemoteRequestsResultSchema.transform((r) => r.requests),
      async (requests) => {
        const answers: RemoteAnswer[] = [];
        for (const request of requests) {
          answers.push(this.withStatus(await answerRemoteRequest(this.hub, request), link));
        }
        return answers;
      },
    );
  }
}

/** The remote-number link of a running hub, started at once. */
export function startRemoteLink(hub: Hub, options: RemoteLinkOptions = {}): RemoteLink {
  const link = new RemoteLink(hub, options);
  link.start();
  return link;
}
