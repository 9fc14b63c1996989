import type { Concept } from "../concepts";

export const NETWORK: Concept[] = [
  {
    id: "wifi",
    related: ["lan", "internet"],
    terms: [
      "wifi", "wi fi", "wi-fi", "wify", "wireless", "wireless network", "wlan", "ssid", "access point", "access points", "ap",
      "meraki", "ubiquiti", "unifi", "aruba", "guest wifi", "guest network", "guest wireless", "wifi password", "signal",
      "weak signal", "no signal wifi", "dead zone", "coverage", "keeps dropping", "drops connection", "disconnects",
      "connected no internet", "no internet access", "limited connectivity", "eduroam",
    ],
  },
  {
    id: "lan",
    related: ["wifi", "internet"],
    terms: [
      "network", "network jack", "jack", "wall port", "network port", "ethernet", "ethernet port", "ethernet cable",
      "network cable", "patch cable", "cable run", "cabling", "network drop", "data drop", "switch", "network switch",
      "poe", "vlan", "lan", "wired", "wired connection", "dhcp", "ip address", "ip conflict", "network slow",
      "lost connection^0.7", "connection^0.4", "connectivity", "comms room^0.6", "server room^0.4", "rack^0.5",
    ],
  },
  {
    id: "internet",
    related: ["lan", "wifi"],
    terms: [
      "internet", "internet down", "internet outage", "no internet", "internet slow", "slow internet", "web^0.6",
      "websites wont load", "nothing loads", "nothing is loading", "pages wont load", "online^0.3", "outage", "isp",
      "internet provider", "provider^0.6", "carrier", "circuit", "fibre", "fiber", "broadband", "dsl", "cable modem", "modem",
      "router", "ont", "leased line", "starlink", "backup line", "backup internet", "failover", "failover link", "4g backup",
      "lte backup", "sd wan", "sdwan", "bandwidth", "speed test", "latency", "packet loss", "outside world",
      "bell", "rogers", "telus", "comcast", "verizon", "at&t", "bt openreach", "virgin media",
    ],
  },
  {
    id: "vpn",
    related: ["remote-access", "firewall"],
    terms: [
      "vpn", "v p n", "vpn client", "globalprotect", "global protect", "anyconnect", "cisco anyconnect", "forticlient",
      "fortinet vpn", "openvpn", "wireguard", "zscaler", "always on vpn", "tunnel", "vpn tunnel", "split tunnel",
    ],
  },
  {
    id: "remote-access",
    related: ["vpn"],
    terms: [
      "remote access", "remote desktop", "rdp", "remote in", "remote into", "remote to", "remoting", "citrix", "citrix workspace",
      "avd", "azure virtual desktop", "vdi", "rds", "remote app", "remoteapp", "teamviewer", "anydesk", "splashtop",
      "from home", "work from home", "working from home", "wfh", "home office", "working remotely", "remote working",
      "remote work", "from the hotel", "while travelling", "travelling", "from outside the office", "from outside",
      "offsite", "off site", "my house", "internal systems", "internal stuff", "firm systems", "office pc from",
    ],
  },
  {
    id: "firewall",
    related: ["internet", "vpn"],
    terms: [
      "firewall", "fire wall", "fortigate", "palo alto", "sonicwall", "sophos firewall", "watchguard", "pfsense",
      "blocked site", "blocked website", "site blocked", "website blocked", "blocked by policy", "blocked by company policy",
      "web filter", "web filtering", "content filter", "content filtering", "filter flagged", "url filtering", "umbrella",
      "cisco umbrella", "dns filter", "whitelist", "white list", "allowlist", "allow list", "unblock", "exception^0.6",
      "port", "ports", "open port", "open a port", "port forward", "port forwarding", "nat", "firewall rule", "inbound rule",
      "outbound", "talk out to the internet", "ip whitelist",
      "blocked^0.6", "gets blocked^0.8", "is blocked^0.7", "social media^0.5", "youtube^0.4", "facebook^0.4",
      "linkedin^0.4", "instagram^0.3", "streaming sites^0.5", "site cant be reached^0.5",
    ],
  },
  {
    id: "dns-domain",
    related: ["website"],
    terms: [
      "dns", "dns record", "a record", "cname", "mx record", "txt record", "spf", "dkim", "dmarc", "nameserver", "name server",
      "domain", "domain name", "domain renewal", "domain expires", "registrar", "godaddy", "namecheap", "cloudflare",
      "point the domain", "subdomain", "redirect^0.6",
    ],
  },
];
