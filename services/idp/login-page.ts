import type { KoaContextWithOIDC } from 'oidc-provider';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f2;color:#1a1a1a}
main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:.5rem;border:1px solid #767676}
h1{font-size:1.5rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem;margin-top:.25rem;border:1px solid #595959;border-radius:.25rem}
button{margin-top:1.5rem;font-size:1rem;padding:.6rem 1.2rem;background:#004c93;color:#fff;border:0;border-radius:.25rem;cursor:pointer}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.fel{border:3px solid #b00020;padding:.75rem 1rem;margin-bottom:1rem}.fel h2{font-size:1.1rem;margin:0 0 .5rem}
.fel a{color:#b00020}.falt-fel{color:#b00020;margin:.25rem 0 0}input[aria-invalid=true]{border-color:#b00020;border-width:2px}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface LoginErrors {
  username?: string;
  password?: string;
}

/**
 * The provider's own Swedish login page: a label per field, and when the form comes back, an error
 * summary at the top (focused, linking to each field) and the message next to the field.
 */
export function loginPage(uid: string, values: { username?: string } = {}, errors: LoginErrors = {}): string {
  const fields = [
    {
      id: 'username',
      label: 'E-postadress',
      type: 'email',
      autocomplete: 'username',
      value: values.username ?? '',
    },
    { id: 'password', label: 'Lösenord', type: 'password', autocomplete: 'current-password', value: '' },
  ] as const;
  const messages = fields.flatMap((f) =>
    errors[f.id] ? [{ id: f.id, message: errors[f.id] as string }] : [],
  );
  const summary = messages.length
    ? `<div class="fel" role="alert" tabindex="-1" id="felsammanfattning"><h2>Det finns fel i formuläret</h2><ul>${messages
        .map((m) => `<li><a href="#${m.id}">${escapeHtml(m.message)}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const inputs = fields
    .map((f) => {
      const error = errors[f.id];
      const describedBy = error ? ` aria-describedby="${f.id}-fel" aria-invalid="true"` : '';
      return `<label for="${f.id}">${f.label}</label><input id="${f.id}" name="${f.id}" type="${f.type}" autocomplete="${f.autocomplete}" required value="${escapeHtml(f.value)}"${describedBy}>${
        error ? `<p class="falt-fel" id="${f.id}-fel">${escapeHtml(error)}</p>` : ''
      }`;
    })
    .join('');
  const focus = messages.length
    ? '<script>document.getElementById("felsammanfattning").focus()</script>'
    : '';
  return page(
    'Logga in – Årshjulet',
    `<h1>Logga in i Årshjulet</h1>${summary}<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" novalidate>${inputs}<button type="submit">Logga in</button></form><p>Kommunens lokala inloggning (endast för utveckling).</p>${focus}`,
  );
}

/** The end-session confirmation, in Swedish (oidc-provider passes the form it will check). */
export async function logoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = page(
    'Logga ut – Årshjulet',
    `<h1>Logga ut</h1><p>Vill du logga ut från kommunens inloggning?</p>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut</button>`,
  );
}
