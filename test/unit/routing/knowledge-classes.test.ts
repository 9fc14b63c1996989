// Failure classes the knowledge covers in general (not any evaluation message): credentials typed into a fake page,
// MFA pushes nobody asked for, theft in a break-in, buying and disposing of hardware, restores, and office life
// (a family computer, the website's content, a timecard, clinical or laundry equipment) that is not IT; a family
// member's, a guest's or a customer's device; a new site as an IT project; concepts that together mean another.
import { knowledge } from "../../../src/core/routing/knowledge";
import { readQuestion } from "../../../src/core/routing/question";
import { routeQuestion } from "../../../src/core/routing/route";
import { testCategory, testMatrix } from "../../support/routing-fixtures";
import { conceptIdsOf, conceptWeightsOf } from "../../support/question-concepts";

const ids = conceptIdsOf;
const weightsOf = conceptWeightsOf;

const category = (id: string, name: string, description: string, keywords: string[]) => testCategory(id, name, description, keywords, { owner: "msp" });

const matrix = testMatrix([
    category("incident", "Security incidents", "Compromised accounts, malware infections, lost or stolen devices.", ["incident", "breach"]),
    category("accounts", "Passwords and MFA", "Password resets, lockouts and multi-factor enrolment.", ["password", "mfa"]),
    category("email", "Email", "Mailboxes, Outlook and calendars.", ["outlook", "mailbox"]),
    category("computers", "Computers", "Laptops and desktops: faults, slowness, peripherals.", ["laptop", "desktop"]),
    category("buying", "Hardware purchasing", "Quotes and orders for new equipment.", ["purchase", "order"]),
    category("backup", "Backup and restore", "Backups and restoring lost data.", ["backup", "restore"]),
]);

const top = (text: string) => {
  const d = routeQuestion(matrix, text);
  return d.decision === "none" ? "none" : (d.choices[0] ?? d.category?.id);
};

describe("knowledge: failure classes", () => {
  test("credentials given away or MFA pushes nobody asked for are incidents, not password resets", () => {
    expect(top("I entered my credentials on a fake sign in page, what now")).toBe("incident");
    expect(top("getting mfa pushes all night and I'm not signing in")).toBe("incident");
  });

  test("a device taken in a break-in reads as lost or stolen first, in English, Spanish and French", () => {
    const heaviest = (text: string) => {
      const q = readQuestion(text);
      return knowledge().concepts[[...q.concepts].sort((a, b) => b[1] - a[1])[0][0]].id;
    };
    expect(heaviest("office was broken into over the weekend, two laptops gone")).toBe("lost-device");
    expect(heaviest("me robaron la laptop en el metro")).toBe("lost-device");
    expect(heaviest("on m'a volé mon ordinateur portable dans le train")).toBe("lost-device");
    const stolen = routeQuestion(matrix, "on m'a volé mon ordinateur portable dans le train");
    expect([stolen.category?.id, ...stolen.choices]).toContain("incident");
  });

  test("asking to be given a device is purchasing; a fault of one is not", () => {
    expect(ids("can we get some headsets for the front desk")).toContain("purchasing");
    expect(ids("need a bigger monitor for drawing reviews")).toContain("purchasing");
    expect(ids("se puede pedir un monitor extra? me duele el cuello")).toContain("purchasing");
    expect(ids("j'aurais besoin d'un deuxième écran pour la compta")).toContain("purchasing");
    // Other people's questions tie "monitor" to the computers-and-peripherals category (learned associations), so on
    // this six-category matrix the request is asked about rather than answered: purchasing is offered, and the
    // device's own category is not answered outright. (Over the 30 development sets, questions that ask for a thing
    // route better with the associations than without: 821 against 769 of 1 114 first.)
    const monitor = routeQuestion(matrix, "can I get a second monitor at the billing desk");
    expect(monitor.decision).toBe("ask");
    expect(monitor.choices.slice(0, 2)).toContain("buying");
    // The asking words alone, or a device that is failing, are not a purchase; the signal leaves the question.
    expect(ids("my second monitor keeps flickering")).not.toContain("purchasing");
    expect(ids("can I get a password reset")).not.toContain("purchasing");
    expect(ids("can we get some headsets for the front desk")).not.toContain("asking-for");
  });

  test("a new person starting, or someone back from leave, is a starter; a new laptop that won't start is not", () => {
    expect(ids("new PM starts tomorrow and has no laptop, who's setting him up?")).toContain("onboarding");
    expect(ids("new drafter starting in 2 weeks, civil side")).toContain("onboarding");
    expect(ids("she is back from mat leave and her account was suspended")).toContain("onboarding");
    expect(ids("the new laptop won't start")).not.toContain("onboarding");
    // "entrar" is to get in (to a system), not to start a job.
    expect(ids("el despachador nuevo no puede entrar al sistema")).not.toContain("onboarding");
  });

  test("someone moving to another site, branch or role is a mover, in English, Spanish and French; an office moving is not", () => {
    expect(ids("Sam is transferring from Keizer to Salem next month, what do we need to change")).toContain("movers");
    expect(ids("Me trasladan de la oficina de Miami a San Juan en enero")).toContain("movers");
    expect(ids("Guillaume est transféré de Québec à Montréal lundi")).toContain("movers");
    expect(ids("moving the dispatch office to the second floor in January")).not.toContain("movers");
  });

  test("getting rid of old computers, phones or screens is disposal (purchasing); old things otherwise are not", () => {
    expect(top("there are 9 old PCs in the storage room, how do we get rid of them safely?")).toBe("buying");
    expect(ids("what do we do with the old laptops in the closet")).toContain("purchasing");
    expect(ids("¿qué hacemos con las computadoras viejas que están en la bodega?")).toContain("purchasing");
    expect(ids("I need a file from my old laptop")).not.toContain("purchasing");
    expect(ids("the PC in the storage closet won't boot")).not.toContain("purchasing");
    expect(ids("what do we do with the old laptops in the closet")).not.toContain("discarding");
  });

  test("quotes and disposal are purchasing; a purged mail is a restore", () => {
    expect(top("need a quote for six docking stations")).toBe("buying");
    expect(top("what is the process for e-waste and data destruction of retired machines")).toBe("buying");
    expect(top("I emptied the deleted items folder by mistake, need one message back")).toBe("backup");
  });

  test("office life with IT words in it is not in the matrix", () => {
    expect(top("can you set up parental controls on the family computer")).toBe("none");
    expect(top("please update the website with the new headshots")).toBe("none");
    expect(top("forgot to clock out yesterday, can someone fix my timecard")).toBe("none");
  });

  test("a family member's device is not the organisation's IT, however IT its trouble sounds; the person's own work laptop is", () => {
    expect(top("my son's laptop has a virus, can you look at it this weekend?")).toBe("none");
    expect(top("mi hijo tiene un virus en su laptop, ¿me ayudan?")).toBe("none");
    expect(top("my laptop has a virus, can you look at it?")).not.toBe("none");
    const weight = weightsOf("my husband's laptop has a virus");
    expect(weight("malware")).toBeLessThan(0.5);
    expect(weight("family-member")).toBeGreaterThanOrEqual(1);
  });

  test("a guest's, a customer's or a client's own device is not the organisation's IT; nor is another person's child's", () => {
    expect(top("a guest's laptop won't print to his own travel printer, can you help")).toBe("none");
    expect(top("my laptop won't print")).not.toBe("none");
    const weight = weightsOf("the customer's own laptop has a virus");
    expect(weight("someone-elses")).toBeGreaterThanOrEqual(1);
    expect(weight("malware")).toBeLessThan(0.5);
    expect(ids("a visitor wants us to fix his kid's iPad")).toContain("family-member");
    // Guest Wi-Fi is the organisation's own network.
    expect(ids("the guest wifi is down in the lobby")).not.toContain("someone-elses");
    // "on" and "with" part the words around them: on the phone with a customer is not a customer's phone.
    expect(ids("on the phone with the customer and the quote screen froze")).not.toContain("someone-elses");
    expect(ids("been 20 minutes with the customer on the phone and the rater keeps spinning")).not.toContain("someone-elses");
    expect(ids("a customer phone was left in the lobby")).toContain("someone-elses");
  });

  test("a keyboard's keys or coffee spilled in it are the keyboard's trouble, not door keys or the kitchen", () => {
    expect(ids("my keyboard is missing keys, the B and N popped off")).not.toContain("facilities");
    expect(ids("keyboard at reception has coffee in it")).not.toContain("kitchen");
    expect(ids("the coffee machine is broken")).toContain("kitchen");
  });

  test("what callers hear (the hold message, the after-hours greeting, a phone menu) is the phone system, in English, Spanish and French", () => {
    expect(ids("can we change the hold message to say our holiday hours")).toContain("telephony");
    expect(ids("out of hours message still says we're closed for Easter")).toContain("telephony");
    expect(ids("podemos cambiar el mensaje de espera para los días festivos")).toContain("telephony");
    expect(ids("il faut changer le message d'accueil pour les fêtes")).toContain("telephony");
  });

  test("a lockout or a code said with a door, gate or alarm is the building's, not a sign-in", () => {
    expect(top("door code at the clinic isnt working, im locked out and it's 6:30am")).toBe("none");
    const weight = weightsOf("the gate code isn't working and I'm locked out");
    expect(weight("password")).toBeLessThan(0.5);
    expect(weight("physical-site")).toBeGreaterThanOrEqual(1);
    expect(top("I'm locked out of my account")).toBe("accounts");
  });

  test("who pays for a person's phone, internet or travel (a stipend, a reimbursement) is expenses, not IT", () => {
    expect(ids("does the company pay for my home internet?")).toContain("expenses");
    expect(ids("¿la compañía me reembolsa el plan del celular? la empresa paga algo?")).toContain("expenses");
    expect(top("my phone stipend didn't come through this month")).toBe("none");
  });

  test("the person's own phone or laptop is not the organisation's IT, unless it is the way to the organisation's email, VPN or MFA", () => {
    expect(top("my personal iPhone won't back up to iCloud, any idea?")).toBe("none");
    expect(top("mon iPhone perso a un virus, vous pouvez regarder?")).toBe("none");
    expect(top("mi cel personal no prende, me lo pueden revisar?")).toBe("none");
    expect(top("can I have my work email on my personal android? what do I install?")).toBe("email");
    expect(ids("can I use my personal laptop for the VPN")).not.toContain("own-device");
    // A matrix that takes personal phones in names them: then they count as its own.
    const byod = testMatrix([
      category("mobile", "Phones and BYOD", "Company phones, and personal phones used for work (my personal phone, BYOD).", ["byod", "my personal phone"]),
      category("backup", "Backup and restore", "Backups and restoring lost data.", ["backup", "restore"]),
    ]);
    expect(routeQuestion(byod, "my personal phone won't back up").decision).not.toBe("none");
  });

  test("a question about the website's content counts the website itself as an aside; a website that is down does not", () => {
    const content = weightsOf("can someone update the careers page on our website");
    expect(content("website")).toBeLessThan(content("marketing"));
    expect(weightsOf("the website is down, clients can't pay invoices")("website")).toBeGreaterThanOrEqual(1);
  });

  test("what the website says (bios, photos, text, details) is its content, not the site's hosting", () => {
    expect(ids("the website still lists him as a partner, can someone fix the bio page")).toContain("marketing");
    expect(ids("can we update the photos on our booking.com listing")).toContain("marketing");
    expect(ids("le numéro de téléphone sur notre site web est erroné")).toContain("marketing");
    expect(ids("the website is down and shows a certificate error")).not.toContain("marketing");
    expect(ids("the website still lists the old hours")).not.toContain("page-content");
  });

  test("clinical, laundry and site equipment is office life, in English, French and Spanish", () => {
    expect(ids("the anesthesia machine alarm keeps going off")).toContain("clinical-equipment");
    expect(ids("the centrifuge in the lab shows an error")).toContain("clinical-equipment");
    expect(ids("the washing machine in the laundry room is leaking")).toContain("facilities");
    expect(ids("la lavadora de la lavandería no prende")).toContain("facilities");
    expect(ids("où est la trousse de premiers soins?")).toContain("facilities");
  });

  test("opening, moving or acquiring a site is an IT project", () => {
    expect(ids("we signed the lease for a second location, can we get an IT plan started")).toContain("it-project");
    expect(ids("we're acquiring another property, what's the IT due diligence?")).toContain("it-project");
  });

  test("how people report a suspect email (legit?, looks weird, asks to verify the account) is phishing", () => {
    expect(ids("got an email asking me to verify my account, the link looks weird")).toContain("phishing");
    expect(ids("vendor emailed new invoice instructions from a gmail address, legit?")).toContain("phishing");
  });

  test("someone else signing in, or mailbox rules the person didn't make, is an account taken over", () => {
    expect(ids("got an alert that someone signed into my email from overseas")).toContain("account-compromise");
    expect(ids("there are inbox rules I didn't make, forwarding mail outside")).toContain("account-compromise");
    expect(ids("I can't sign in to my email")).not.toContain("account-compromise");
  });

  test("concepts that together mean another: a phishing link and a typed password, prompts or mail nobody here asked for or sent", () => {
    expect(ids("clicked the link in that email and typed my password, then the page went blank")).toContain("account-compromise");
    expect(ids("getting 2-step prompts on my phone at midnight that I didn't ask for")).toContain("account-compromise");
    expect(ids("a customer got an email with new bank details from us, we never sent that")).toContain("account-compromise");
    // Each part alone is not a compromise, and the signal words leave the question.
    expect(ids("I forgot my password")).not.toContain("account-compromise");
    expect(ids("is this email legit? I clicked the link")).not.toContain("account-compromise");
    expect(ids("getting 2-step prompts that I didn't ask for")).not.toContain("not-requested");
    const d = routeQuestion(matrix, "clicked the link in that email and typed my password, then the page went blank");
    expect([d.category?.id, ...d.choices]).toContain("incident");
  });

  test("an incident said outright weighs at least as much as the mailbox or device it happened to", () => {
    const weight = weightsOf("I clicked the link in that DocuSign email and put in my email password, the email looked real");
    expect(weight("email")).toBeGreaterThan(1);
    expect(weight("account-compromise")).toBeGreaterThanOrEqual(weight("email"));
    // A vague word ("security") is not an incident said outright.
    const vague = readQuestion("question about email security settings in outlook");
    expect([...vague.concepts].filter(([c]) => knowledge().concepts[c].incident).every(([, w]) => w < 1)).toBe(true);
  });

  test("ransomware is named by its family or its signs, in English, French and Spanish; a locked account or door is not", () => {
    expect(ids("all files in the project folder renamed .akira, can't open anything")).toContain("malware");
    expect(ids("Tous les fichiers du dossier ont une extension bizarre pis y'a un README")).toContain("malware");
    expect(ids("los archivos del servidor tienen una extensión rara y una nota de rescate")).toContain("malware");
    expect(ids("my account got locked after too many tries")).not.toContain("malware");
  });

  test("sign-in prompts while the person is not signing in are an account taken over", () => {
    expect(ids("keep getting approve sign-in requests on my phone when I'm not logging in, I hit deny")).toContain("account-compromise");
    expect(ids("my phone keeps asking me to approve a sign in, I'm sitting here not logging in anywhere")).toContain("account-compromise");
    expect(ids("cambié de celular y ya no me llegan los códigos para entrar al correo")).not.toContain("account-compromise");
  });

  test("an incident counts for the category the matrix names for incidents, even when another covers the device", () => {
    const m = testMatrix([
      category("incidents", "Security incident response", "Investigation and containment.", ["security incident", "breach"]),
      category("computers", "Laptops and desktops", "Laptop and desktop hardware, slowness, a laptop that will not start.", ["laptop", "desktop", "work laptop"]),
      category("files", "File shares", "The S drive and shared folders, their files and permissions.", ["S drive", "shared folder", "files"]),
    ]);
    // The matrix names no incident in these categories' text beyond their name: the name says where incidents go.
    const lost = routeQuestion(m, "left my work laptop on the train last night, client files on it");
    expect(lost.choices).toContain("incidents");
    const ransom = routeQuestion(m, "all the files on the S drive have a weird extension and there's a ransom note");
    // Answered (incidents) or asked (incidents among the choices).
    expect([ransom.decision === "answer" ? ransom.category?.id : undefined, ...ransom.choices]).toContain("incidents");
    expect([ransom.category, ...ransom.alternatives].find((a) => a && a.id === "incidents")).toBeTruthy();
    const p = (d: ReturnType<typeof routeQuestion>) => (d.category?.id === "incidents" ? d.confidence : (d.alternatives.find((a) => a.id === "incidents")?.score ?? 0));
    expect(p(ransom)).toBeGreaterThan(0.4);
    const phished = routeQuestion(m, "I clicked the link in that email and typed my password");
    expect(phished.decision).toBe("answer");
    expect(phished.category?.id).toBe("incidents");
  });

  test("EDI documents by number, and products of the catalogue by vertical, are known", () => {
    expect(ids("our 862 never came in this morning")).toContain("edi");
    expect(ids("Tulip app on line 2 shows a blank screen")).toContain("mes");
    expect(ids("Paubox encrypted message won't open for the patient")).toContain("email-security");
  });

  test("\"office\" alone is a place, not the Microsoft suite, in English, French and Spanish; the suite is still named", () => {
    expect(ids("wifi in the back office keeps dropping")).not.toContain("office-apps");
    expect(ids("le wifi ne marche plus au bureau")).not.toContain("office-apps");
    expect(ids("el wifi no sirve en la oficina")).not.toContain("office-apps");
    expect(ids("Microsoft Office keeps crashing")).toContain("office-apps");
    expect(ids("need to reinstall office on my laptop")).toContain("office-apps");
  });

  test("classroom kit (a smartboard, a visualiser, a Promethean panel) is audio-visual equipment, not education software", () => {
    for (const text of ["the smartboard in room 3 won't turn on", "the visualiser shows a black picture", "ActivPanel keeps switching off"]) {
      expect(ids(text)).toContain("av-room");
      expect(ids(text)).not.toContain("education-systems");
    }
  });

  test("\"who do I call?\" asks who handles it and says nothing about telephones, in English, French and Spanish", () => {
    expect(ids("the toilet is overflowing, who do we call")).not.toContain("telephony");
    expect(ids("qui dois-je appeler pour la toilette qui déborde?")).not.toContain("telephony");
    expect(ids("¿a quién le llamo? el baño se tapó")).not.toContain("telephony");
    expect(ids("the toilet is overflowing, who do we call")).toContain("facilities");
    // A call itself is still about the phones.
    expect(ids("calls to the main line drop after a minute, who do we call")).toContain("telephony");
    expect(ids("can you call me back about my voicemail")).toContain("telephony");
  });

  test("a symptom alone (flickering, won't turn on) says less than the thing it happens to", () => {
    const weight = weightsOf("the lights in the hallway are flickering");
    expect(weight("facilities")).toBeGreaterThan(weight("computer"));
  });
});

describe("French and Spanish questions meet the matrix's English words", () => {
  test("a French or Spanish question is about as sure as the English one", () => {
    const pairs: [string, string, string][] = [
      ["last night's backup failed", "la sauvegarde de cette nuit a échoué", "el respaldo de anoche falló"],
      ["my laptop won't turn on", "mon portable ne s'allume plus", "mi laptop no prende"],
      ["I forgot my password", "j'ai oublié mon mot de passe", "olvidé mi contraseña"],
    ];
    for (const [en, fr, es] of pairs) {
      const english = routeQuestion(matrix, en);
      for (const other of [fr, es]) {
        const d = routeQuestion(matrix, other);
        expect(d.category?.id).toBe(english.category?.id);
        expect(d.confidence).toBeGreaterThan(english.confidence - 0.2);
      }
    }
  });

  test("the concepts of a French question are also said in English", () => {
    expect(readQuestion("la sauvegarde de cette nuit a échoué").translated).toContain("backup");
  });
});
