// A card button's form as a Slack modal: opened at once on the click (the trigger id lives 3 seconds), submitted
// as a view_submission whose metadata carries the button's data and where the card lives.
import type { Form, FormField } from "../../core/cards/action";

const plain = (text: string, max: number) => ({ type: "plain_text", text: text.length > max ? `${text.slice(0, max - 1)}…` : text });

function input(f: FormField): Record<string, unknown> {
  const element =
    f.kind === "choice"
      ? {
          type: "static_select",
          action_id: f.id,
          options: f.choices.map((c) => ({ text: plain(c.title, 75), value: c.value })),
          ...(f.choices.some((c) => c.value === f.value) ? { initial_option: { text: plain(f.choices.find((c) => c.value === f.value)!.title, 75), value: f.value } } : {}),
        }
      : {
          type: "plain_text_input",
          action_id: f.id,
          multiline: f.kind === "long-text",
          max_length: f.maxLength,
          ...(f.placeholder ? { placeholder: plain(f.placeholder, 150) } : {}),
          ...(f.value ? { initial_value: f.value } : {}),
        };
  return { type: "input", block_id: f.id, optional: !f.required, label: plain(f.label, 2000), element };
}

export function formModal(verb: string, form: Form, meta: Record<string, string>): Record<string, unknown> {
  return {
    type: "modal",
    callback_id: verb,
    title: plain(form.title, 24),
    submit: plain(form.submit, 24),
    close: plain("Cancel", 24),
    private_metadata: JSON.stringify(meta),
    blocks: form.fields.map(input),
  };
}
