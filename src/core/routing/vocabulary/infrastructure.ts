import type { Concept } from "../concepts";

export const INFRASTRUCTURE: Concept[] = [
  {
    id: "server",
    related: ["backup", "monitoring", "file-sharing"],
    terms: [
      "server", "servers", "srv", "file server", "app server", "application server", "print server", "sql server", "sql box",
      "sql", "database server", "database^0.6", "db server", "domain controller", "dc", "exchange server", "terminal server",
      "vm", "vms", "virtual machine", "virtual machines", "virtual server", "hyper-v", "hyperv", "hyper v", "vmware", "esxi",
      "vsphere", "vcenter", "host^0.5", "hypervisor", "cluster", "nas", "san", "storage array", "raid", "failed drive",
      "degraded array", "disk space", "out of disk", "running out of disk", "disk full", "drive full", "cpu", "high cpu", "100% cpu",
      "pegged", "ram on the", "more ram", "memory usage", "rebooted on its own", "server down", "server is down",
      "azure vm", "ec2", "aws", "on prem", "on-prem", "on premise", "data centre", "data center", "colo", "test environment",
      "staging environment", "infrastructure", "hosted infrastructure",
    ],
  },
  {
    id: "backup",
    related: ["server", "file-sharing"],
    terms: [
      "backup", "backups", "back up", "backed up", "backing up", "backup job", "backup failed", "restore", "restoring",
      "restored", "recover", "recovery", "recovered", "get it back", "get them back", "bring it back", "undelete",
      "accidentally deleted", "deleted by mistake", "deleted a folder", "deleted file", "deleted files", "deleted emails",
      "i deleted", "lost my files", "lost my work^0.6", "lost the file", "overwrote", "overwritten", "overwrite", "saved over",
      "older version", "previous version", "previous versions", "version history", "version from yesterday", "old copies",
      "copy of", "retention", "keep old copies", "recycle bin", "snapshot", "snapshots", "veeam", "datto", "acronis",
      "backupify", "spanning", "druva", "rubrik", "disaster recovery", "dr test", "restore test", "rto", "rpo",
      "business continuity", "tell me there's a copy", "is there a copy",
    ],
  },
  {
    id: "monitoring",
    related: ["server"],
    terms: [
      "monitoring", "monitor alert^0.8", "monitoring system", "monitoring tool", "alert", "alerts", "alerting", "alarm",
      "alarms", "warning^0.6", "warnings^0.6", "warning email", "warning emails", "automated warnings", "automated alerts", "notification emails", "paged",
      "paging", "pager", "on call", "on-call", "pagerduty", "opsgenie", "rmm", "n-able", "ninjaone", "ninja rmm", "datto rmm",
      "connectwise automate", "kaseya", "prtg", "zabbix", "nagios", "solarwinds", "noc", "agent offline", "agent", "threshold",
      "false alarm", "false positive alert", "alert noise", "disk low", "low disk", "ups^0.5", "ups battery", "battery alarm",
      "heartbeat", "uptime", "dashboard^0.4", "went off",
    ],
  },
  {
    id: "patching",
    related: ["software-install", "computer"],
    terms: [
      "windows update", "windows updates", "updates^0.8", "update^0.5", "updating^0.6", "patch", "patches", "patching", "patched",
      "patch tuesday", "security update", "security updates", "cumulative update", "feature update", "windows 11 upgrade",
      "upgrade to windows 11", "restart for updates", "restarted for updates", "restarted overnight", "reboot", "rebooted",
      "reboot tonight", "forced restart", "forced reboot", "pending restart", "restart pending", "updates pending",
      "stuck at 0%", "stuck updating", "working on updates", "dont turn off your computer", "configuring updates", "wsus",
      "macos update", "macos", "mac os", "sonoma", "sequoia", "ventura", "os update", "os upgrade", "firmware", "firmware update",
      "vulnerability", "vulnerabilities", "zero day", "cve", "exploit^0.6", "broke after update", "since the update^0.6",
    ],
  },
  {
    id: "cloud-admin",
    related: ["directory-admin", "email"],
    terms: [
      "tenant", "m365 tenant", "microsoft tenant", "office 365 tenant", "o365 tenant", "365 admin", "admin center",
      "admin centre", "microsoft 365 admin", "m365", "o365", "office 365", "microsoft 365", "365", "azure", "azure portal",
      "azure subscription", "azure bill", "azure costs", "cloud bill", "cloud costs", "aws bill", "entra", "security defaults",
      "org wide", "organisation wide", "organization wide", "tenant wide", "tenant settings", "global admin", "admin role",
      "admin roles", "custom domain", "verify domain", "google admin", "google workspace admin", "gcp", "sharepoint admin",
      "teams admin", "retention policy^0.5", "creating their own teams", "group creation",
    ],
  },
];
