import type { CliCommand } from "../command";
import { askCommand } from "./ask";

/** Every `tandem` sub-command, in the order `tandem --help` lists them. */
export const COMMANDS: CliCommand[] = [askCommand];
