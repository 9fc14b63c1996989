import type { Concept } from "../concepts";

export const SOFTWARE: Concept[] = [
  {
    id: "software-install",
    related: ["licensing", "patching"],
    terms: [
      "install", "installs", "installed", "installing", "instal", "installation", "uninstall", "reinstall", "installer",
      "software", "program^0.7", "programme^0.7", "application^0.6", "app^0.4", "apps^0.4", "desktop app", "put a program on",
      "get it on my pc", "on my machine^0.5", "on my laptop^0.4", "admin rights", "admin right", "local admin", "admin password",
      "administrator password", "elevated rights", "run as administrator", "setup^0.6", "set up the app", "setup.exe", "exe",
      "msi", "plugin", "plug-in", "plug in", "add-in", "addin", "add in", "extension^0.5", "ribbon", "software request",
      "upgrade it", "upgrade^0.5", "outdated", "old version", "new version", "latest version", "wont update", "update the app",
      "self service", "software center", "software centre", "company portal apps", "winget", "chrome", "firefox", "edge",
      "browser", "acrobat reader", "pdf reader", "adobe reader", "pdf tool", "pdf editing", "pdf editor", "nitro", "foxit",
      "visio", "project^0.4", "python", "vscode", "vs code", "visual studio", "java", "r studio", "tableau", "power bi",
      "notepad++", "7zip", "winrar", "zoom installed", "excel^0.4", "word^0.3", "powerpoint^0.4", "office apps^0.6",
    ],
  },
  {
    id: "licensing",
    related: ["software-install", "purchasing"],
    terms: [
      "license", "licence", "licenses", "licences", "licensing", "licencing", "licensed", "unlicensed", "unlicenced",
      "license key", "product key", "activation", "activate", "subscription", "subscriptions", "seat", "seats", "spare copies",
      "spare licence", "spare license", "renewal", "renew", "renews", "plan^0.5", "paid account", "paid plan", "free account",
      "free version", "pro version", "trial", "trial expired", "trial has expired", "entitlement", "no entitlement",
      "adobe", "creative cloud", "acrobat", "acrobat pro", "autocad", "autodesk", "canva", "dropbox", "docusign licence",
      "microsoft 365 license", "e3", "e5", "business premium", "cancel the subscription", "saas", "true up", "paying for",
      "cost per user", "how many users",
    ],
  },
];
