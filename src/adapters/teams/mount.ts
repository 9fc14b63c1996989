// Teams on the one HTTP server. The Bot Framework SDK takes about half a second of CPU to load (botbuilder and
// its dependencies), so it loads once the server listens (warm) or on the first Teams request, whichever is first.
import type { Application, NextFunction, Request, Response } from "express";
import type { BotFrameworkAuthentication } from "botframework-connector";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import type { TurnDeps } from "../../core/conversation/turn";
import type { CardRenderer } from "../cards/render";
import type { Intake } from "../intake";
import type { ChatSender } from "../outbox/sender";
import { jsonBody } from "../../http";
import type { ReferenceLookup, TeamsSender } from "./sender";
import type { TeamsEndpointDeps } from "./bot";
import type { ServiceUrlPolicy } from "./service-url";
import type { ReferenceKeeper } from "./references";
import type { Identities } from "../../core/ports/identities";
import type { JobHandler, Jobs } from "../../core/ports/jobs";
import { rosterSync, TEAMS_ROSTER_JOB } from "./roster";

export interface TeamsMountDeps {
  config: Config;
  log: Logger;
  turn: TurnDeps;
  intake: Intake;
  cards: CardRenderer;
  references: ReferenceLookup;
  /** Keeps the reference of a 1:1 chat Tandem opens, for later updates of what it sent there. */
  keepReference?: ReferenceKeeper;
  serviceUrls: ServiceUrlPolicy;
  /** Inbound/outbound auth pointed at local fakes (tests). */
  auth?: BotFrameworkAuthentication;
  /** For reading the roster of a channel Tandem was added to or that was shared with another team. */
  jobs?: Jobs;
  /** Where each member's home tenant from the roster is recorded. */
  identities?: Identities;
  /** Fits a card refresh answered inline to Teams' limits (see TeamsEndpointDeps.fitRefresh). */
  fitRefresh?: TeamsEndpointDeps["fitRefresh"];
}

export interface TeamsMount {
  /** Undefined when Teams is closed (no credentials and no development switch). */
  sender?: ChatSender;
  /** The name Teams shows for a conversation's member (null when closed or unknown). */
  memberName(conversationId: string, userId: string): Promise<string | null>;
  /** Loads the SDK now (after listening), so the first Teams request does not wait for it. */
  warm(): Promise<void>;
  /** Durable jobs Teams runs (the channel roster), by kind. */
  jobs: Record<string, JobHandler>;
}

/** Mounts POST /api/messages: closed (401 for everything), or the Bot Framework endpoint. */
export function mountTeams(http: Application, deps: TeamsMountDeps): TeamsMount {
  const { config } = deps;
  // Without Teams credentials and without TEAMS_AUTH=off, /api/messages refuses every request.
  if (config.teamsMode === "closed") {
    http.post("/api/messages", (_req: Request, res: Response) => {
      res.status(401).json({ error: "Teams is not set up on this Tandem: every request is refused (set MICROSOFT_APP_ID/PASSWORD/TYPE)" });
    });
    return { warm: async () => undefined, memberName: async () => null, jobs: {} };
  }
  let loading: Promise<{ sender: TeamsSender; endpoint: ReturnType<typeof import("./bot").teamsEndpoint>; roster?: JobHandler }> | undefined;
  const teams = () =>
    (loading ??= (async () => {
      const [{ createCloudAdapter }, { TeamsSender }, { teamsEndpoint }] = await Promise.all([import("./auth"), import("./sender"), import("./bot")]);
      const adapter = createCloudAdapter(config, deps.auth);
      const appId = config.MICROSOFT_APP_ID ?? "";
      const sender = new TeamsSender(adapter, appId, deps.cards, deps.references, deps.serviceUrls, deps.keepReference);
      const endpoint = teamsEndpoint({ adapter, turn: deps.turn, intake: deps.intake, sender, appId: config.MICROSOFT_APP_ID, log: deps.log, serviceUrls: deps.serviceUrls, jobs: deps.jobs, fitRefresh: deps.fitRefresh });
      const roster = deps.identities
        ? rosterSync({ adapter, appId, references: deps.references, identities: deps.identities, serviceUrls: deps.serviceUrls, log: deps.log })
        : undefined;
      return { sender, endpoint, roster };
    })());
  http.post("/api/messages", jsonBody(config.BODY_LIMIT_BYTES), (req: Request, res: Response, next: NextFunction) => {
    teams()
      .then((t) => t.endpoint(req, res))
      .catch(next);
  });
  return {
    sender: { send: async (item, target) => (await teams()).sender.send(item, target) },
    memberName: async (conversationId, userId) => (await teams()).sender.memberName(conversationId, userId),
    warm: async () => void (await teams()),
    jobs: deps.identities
      ? {
          [TEAMS_ROSTER_JOB]: async (payload, ctx) => {
            const { roster } = await teams();
            await roster!(payload, ctx);
          },
        }
      : {},
  };
}
