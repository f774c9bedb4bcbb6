/** One-click unsubscribe (RFC 8058): the token in the link, the form body a mail client posts, the page it answers with. */
import { Type } from 'typebox';

export const UnsubscribeParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 700, description: 'the signed token from the email' }) });
export const OneClickBody = Type.Object({ 'List-Unsubscribe': Type.Literal('One-Click') }, { additionalProperties: false });
export const HtmlPage = Type.String({ description: 'an HTML page' });
