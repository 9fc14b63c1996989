import type { CliCommand } from "../command";
import { askCommand } from "./ask";
import { ticketsCommand } from "./tickets";
import { hoursCommand } from "./hours";
import { webhookCommand } from "./webhook";
import { pagingCommand } from "./paging";
import { directoryCommand } from "./directory";
import { matrixCommand } from "./matrix";
import { peopleCommand } from "./people";
import { clientsCommand } from "./clients";
import { manifestCommand } from "./manifest";
import { outboxCommand } from "./outbox";
import { inboxCommand } from "./inbox";
import { auditCommand } from "./audit";
import { playbooksCommand } from "./playbooks";
import { incidentsCommand } from "./incidents";
import { scheduleCommand } from "./schedule";
import { reportCommand } from "./report";

/** Every `tandem` sub-command, in the order `tandem --help` lists them. */
export const COMMANDS: CliCommand[] = [askCommand, ticketsCommand, hoursCommand, webhookCommand, pagingCommand, matrixCommand, clientsCommand, peopleCommand, directoryCommand, outboxCommand, inboxCommand, auditCommand, manifestCommand, playbooksCommand, incidentsCommand, scheduleCommand, reportCommand];
