import type { Concept } from "../concepts";

export const DEVICES: Concept[] = [
  {
    id: "computer",
    related: ["peripheral", "purchasing"],
    terms: [
      "laptop", "laptops", "lap top", "labtop", "notebook^0.6", "computer", "computers", "pc", "pcs", "desktop", "desktops",
      "workstation", "machine^0.5", "my machine^0.7", "macbook", "mac", "imac", "thinkpad", "dell", "hp laptop", "lenovo",
      "surface", "surface pro", "chromebook", "wont turn on", "won't boot", "wont boot", "no power", "doesnt power on",
      "wont start", "boot", "booting", "boot loop", "spinning circle", "black screen", "blue screen", "bsod", "blue screen of death",
      "frozen screen", "freezes^0.5", "froze^0.4", "slow computer", "computer slow", "super slow^0.5", "running slow^0.6",
      "fan loud", "loud fan", "overheating", "overheat", "hot laptop", "battery", "battery life", "battery drain", "charger",
      "charging port", "wont charge", "power adapter", "power brick", "lid", "cracked screen^0.6", "broken screen^0.6",
      "screen flickering", "flickering", "dead pixels", "spilled", "spill", "coffee on keyboard", "liquid damage", "hard drive",
      "ssd", "ram^0.6", "memory upgrade", "hardware", "repair", "warranty", "loaner", "loaner laptop", "reimage", "re-image",
      "wont wake", "sleep mode", "hibernate", "trackpad", "touchpad", "keys not working", "sticky keys",
    ],
  },
  {
    id: "peripheral",
    related: ["computer"],
    terms: [
      "monitor", "monitors", "second screen", "second monitor", "external monitor", "external screen", "dual monitors",
      "extra screen", "screen not detected", "dock", "docking station", "docking", "usb c dock", "thunderbolt dock", "keyboard",
      "mouse", "wireless mouse", "mouse cursor", "cursor", "headset", "headphones", "webcam^0.6", "usb", "usb port", "adapter",
      "dongle", "cable^0.5", "speakers^0.6", "ergonomic keyboard", "standing desk^0.3",
    ],
  },
  {
    id: "printer",
    related: ["scanner"],
    terms: [
      "printer", "printers", "printing", "print", "prints", "print job", "print jobs", "print queue", "printer queue",
      "print spooler", "spooler", "printout", "printouts", "copier", "photocopier", "copy machine", "mfp", "mfd",
      "multifunction printer", "multi function", "toner", "ink", "cartridge", "drum", "fuser", "paper jam", "jammed", "jam",
      "paper tray", "tray", "streaky", "streaks", "faded print", "faint", "smudged", "double sided", "duplex", "printer offline",
      "add printer", "printer driver", "follow me printing", "secure print", "print release", "badge release^0.5",
      "tap my card printer", "xerox", "ricoh", "canon", "konica", "kyocera", "brother", "lexmark", "sharp copier", "plotter",
      "weird symbols", "garbage characters", "pages of gibberish", "bundle printing",
    ],
  },
  {
    id: "scanner",
    related: ["printer"],
    terms: [
      "scan", "scanning", "scanner", "scanned", "scanned documents", "scan to email", "scan to folder", "scan to my email",
      "scan to pdf", "scan to file", "document feeder", "adf", "fujitsu scanner", "scansnap",
    ],
  },
  {
    id: "mobile",
    related: ["mdm", "email"],
    terms: [
      "phone^0.5", "mobile", "mobile phone", "cell", "cell phone", "cellphone", "work phone", "work mobile", "work cell",
      "company phone", "smartphone", "iphone", "ipad", "tablet", "android", "samsung", "galaxy", "pixel", "ios",
      "lost my phone", "lost phone", "phone stolen", "stolen phone", "left my phone", "cracked phone", "phone screen",
      "sim", "sim card", "esim", "data plan", "roaming", "hotspot", "tethering", "mobile data", "phone bill^0.5",
      "personal phone", "my own phone", "byod", "bring your own device", "app on my phone", "phone email setup",
    ],
  },
  {
    id: "mdm",
    related: ["mobile"],
    terms: [
      "intune", "company portal", "mdm", "mobile device management", "enrol", "enroll", "enrolment", "enrollment", "compliant",
      "not compliant", "noncompliant", "compliance policy device^0.6", "wipe", "remote wipe", "wipe the phone", "jamf",
      "airwatch", "workspace one", "kandji", "apple business manager", "autopilot", "managed apple id",
    ],
  },
  {
    id: "av-room",
    related: ["video-meeting", "collaboration"],
    terms: [
      "projector", "projecter", "boardroom", "board room", "conference room", "conf room", "meeting room", "huddle room",
      "training room", "room screen", "room display", "tv in the", "big screen", "wall screen", "room camera", "room mic",
      "speakerphone", "conference phone", "polycom", "owl camera", "meeting owl", "logitech rally", "poly studio",
      "teams room", "teams rooms", "zoom room", "room system", "hdmi", "displayport", "no signal", "touch panel", "room panel",
      "room booking panel", "booking panel", "clickshare", "airplay", "screen mirroring", "town hall", "all hands", "av",
      "audio visual", "audiovisual", "echo^0.6", "room audio", "ceiling mic", "far end of the table", "video conferencing unit",
      "vc unit", "display my laptop", "show my laptop", "presentation screen",
    ],
  },
  {
    id: "warehouse-devices",
    related: ["label-printer", "inventory"],
    terms: [
      "handheld", "handhelds", "handheld scanner", "scan gun", "scanner gun", "barcode gun", "barcode", "barcodes",
      "barcode scanner", "zebra", "honeywell scanner", "rf gun", "rf scanner", "mobile computer^0.5", "wms",
      "warehouse management", "warehouse system", "picker", "pickers", "picking", "pick list", "pallet", "pallets",
      "cradle", "charging cradle", "sku", "unknown item", "rfid", "aisle", "shipping station", "packing station",
    ],
  },
  {
    id: "label-printer",
    related: ["warehouse-devices", "printer"],
    terms: [
      "label printer", "label", "labels", "shipping label", "shipping labels", "label station", "thermal printer",
      "zebra printer", "blank labels", "dymo", "waybill", "packing slip",
    ],
  },
];
