import { html, type Html } from './html.js';

/**
 * The required "I am sure" checkbox of a form whose action cannot be undone; the routes refuse
 * the post unless `konfirmasi` is `ya`.
 */
export function confirmBox(id: string, text: string): Html {
  return html`<p class="check">
    <input type="checkbox" id="${id}" name="konfirmasi" value="ya" required />
    <label for="${id}">${text}</label>
  </p>`;
}
