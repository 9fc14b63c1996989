import type { Concept } from "../concepts";

// Line-of-business systems by industry: a matrix for a clinic, a law firm or a school names these, so the router
// should know what staff call them.
export const VERTICALS: Concept[] = [
  {
    id: "document-management",
    related: ["file-sharing", "email"],
    terms: [
      "dms", "document management", "document management system", "imanage", "i manage", "imanage work", "worksite",
      "netdocuments", "net documents", "worldox", "workspace", "workspaces", "matter workspace", "matter folder",
      "profile dialog", "profiling", "document profile", "check in", "check out", "checked out", "checked in", "file an email",
      "file email", "filing emails", "email filing", "precedent^0.4", "document number", "docs open", "save into",
      "save to the dms", "records management",
    ],
  },
  {
    id: "practice-management",
    related: ["accounting"],
    terms: [
      "practice management", "practice management system", "pms^0.6", "time entry", "time entries", "time recording",
      "record my time", "timesheet", "timesheets", "time sheet", "billable hours", "billing", "draft bill", "pro forma",
      "proforma", "wip", "work in progress", "matter", "matters", "matter number", "new matter", "open a new matter",
      "matter opening", "conflict check", "conflict search", "conflicts check", "clio", "aderant", "elite", "3e", "intapp",
      "leap", "actionstep", "peppermint", "time billing", "ledes", "disbursement",
    ],
  },
  {
    id: "dictation",
    related: ["software-install"],
    terms: [
      "dictation", "dictations", "dictate", "dictating", "dictaphone", "digital dictation", "transcription", "transcribe",
      "typing queue", "typist", "foot pedal", "foot switch", "playback", "speech recognition", "voice recognition",
      "speech to text", "dragon", "dragon naturally speaking", "philips speechlive", "speechlive", "bighand", "winscribe",
      "olympus dictation", "dictation app",
    ],
  },
  {
    id: "e-filing",
    related: [],
    terms: [
      "e-filing", "efiling", "e filing", "court filing", "file with the court", "ce-file", "ce file", "cefile", "hmcts",
      "court portal", "pacer", "ecf", "cm ecf", "land registry", "land registry portal", "companies house", "probate portal",
      "government gateway", "portal account", "authentication code", "issue a claim",
    ],
  },
  {
    id: "e-signature",
    related: ["phishing"],
    terms: [
      "docusign", "docu sign", "adobe sign", "e-signature", "esignature", "e signature", "electronic signature",
      "electronic signing", "e-sign", "esign", "sign electronically", "signing link", "envelope", "envelopes", "signnow",
      "hellosign", "dropbox sign", "pandadoc", "id check", "identity verification", "identity check", "verify identity",
      "kyc", "aml check", "id verification", "thirdfort", "smartsearch",
    ],
  },
  {
    id: "clinical-systems",
    related: ["medical-devices"],
    terms: [
      "emr", "ehr", "electronic medical record", "electronic health record", "patient chart", "charting", "epic", "cerner",
      "meditech", "athena", "athenahealth", "eclinicalworks", "nextgen", "accuro", "oscar emr", "telus health", "cliniconex",
      "e-prescribing", "eprescribing", "prescription system", "patient portal", "patient record", "patient records",
      "appointment book", "scheduling system^0.6", "lab results", "lab interface", "hl7", "referral system", "telehealth",
      "practice software^0.6",
    ],
  },
  {
    id: "medical-devices",
    related: ["clinical-systems"],
    terms: [
      "pacs", "x-ray", "xray", "x ray", "imaging", "ultrasound", "dicom", "modality", "medical device", "vitals monitor",
      "ecg", "ekg", "infusion pump", "lab analyser", "lab analyzer", "sterilizer", "dental chair sensor", "intraoral",
      "panoramic", "cbct",
    ],
  },
  {
    id: "education-systems",
    related: [],
    terms: [
      "lms", "learning management", "canvas", "moodle", "blackboard", "google classroom", "schoology", "student information system",
      "sis", "powerschool", "gradebook", "grades", "chromebook cart", "classroom display", "smartboard", "smart board",
      "interactive whiteboard", "student accounts", "student laptops",
    ],
  },
  {
    id: "design-engineering",
    related: ["software-install", "licensing"],
    terms: [
      "cad", "autocad", "revit", "solidworks", "bim", "sketchup", "rhino", "inventor", "plm", "pdm", "vault", "gis", "arcgis",
      "bluebeam", "procore", "render", "rendering", "gpu",
    ],
  },
  {
    id: "ot-systems",
    related: ["lan"],
    terms: [
      "scada", "plc", "hmi", "ot network", "operational technology", "industrial control", "mes", "production line computer",
      "cnc", "machine controller", "historian",
    ],
  },
  {
    id: "hr-systems",
    related: ["sign-in"],
    terms: [
      "hris", "hr system", "payroll system", "payroll software", "workday", "adp", "bamboohr", "bamboo hr", "ukg", "kronos",
      "dayforce", "ceridian", "paylocity", "gusto", "rippling", "sage hr", "personio", "time clock", "timeclock",
      "punch clock", "clock in system",
    ],
  },
  {
    id: "hospitality-systems",
    related: ["pos"],
    terms: [
      "property management system", "opera pms", "cloudbeds", "key card encoder", "room keys encoder", "booking engine",
      "reservation system", "opentable", "resy", "kitchen display", "kds",
    ],
  },
];
