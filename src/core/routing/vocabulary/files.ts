import type { Concept } from "../concepts";

export const FILES: Concept[] = [
  {
    id: "file-sharing",
    related: ["backup", "collaboration", "access-permission"],
    terms: [
      "sharepoint", "share point", "sharepoint site", "site^0.3", "team site", "document library", "onedrive", "one drive",
      "onedrive for business", "sync", "syncing", "sync error", "sync issue", "not syncing", "processing changes", "red x",
      "red x's", "red cross", "conflicted copy", "conflicted copies", "file conflict", "google drive", "shared drive",
      "shared drives", "network drive", "mapped drive", "map a drive", "map drive", "drive letter", "s drive", "s:", "h drive",
      "p drive", "g drive", "i drive", "t drive", "shared folder", "shared folders", "file share", "fileshare", "share a file",
      "share with someone outside", "sharing link", "share link", "external sharing", "box.com", "egnyte", "sharefile",
      "co-authoring", "coauthoring", "editing the same file", "editing the same excel", "same excel", "documents^0.4",
      "folder^0.6", "folders^0.6", "files^0.4", "file^0.3",
    ],
  },
  {
    id: "access-permission",
    related: ["file-sharing", "directory-admin"],
    terms: [
      "permission", "permissions", "access denied", "access is denied", "you dont have access", "no access", "need access",
      "give access", "grant access", "edit access", "read access", "read only", "read-only", "write access", "full access",
      "request access", "access to the", "access to folder", "folder access", "give jane access^0.5",
    ],
  },
];
