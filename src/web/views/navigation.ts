/**
 * The service's main sections, shown to signed-in people; the one the path is in is current.
 * Raising is offered to those who may raise (people in an agency); administrators also see
 * Administration; the partnership team sees its Figures. Notifications carries the number of
 * unread messages, if any.
 */
export function primaryNavigation(
  path: string,
  options: { raise?: boolean; administrator?: boolean; figures?: boolean; unread?: number } = {},
) {
  const pathname = path.split("?")[0] ?? path;
  return [
    { href: "/your-work", text: "Your work" },
    ...(options.raise === false ? [] : [{ href: "/raise", text: "Raise an escalation" }]),
    { href: "/log", text: "Log" },
    ...(options.figures === true ? [{ href: "/partnership/figures", text: "Figures" }] : []),
    notifications(options.unread ?? 0),
    ...(options.administrator === true ? [{ href: "/admin", text: "Administration" }] : []),
  ].map((item) => ({
    ...item,
    current: pathname === item.href || pathname.startsWith(`${item.href}/`),
  }));
}

/**
 * Notifications, with MoJ's notification badge when some are unread; a screen reader hears
 * "Notifications 3 unread".
 */
function notifications(unread: number): { href: string; text: string; html?: string } {
  const item = { href: "/notifications", text: "Notifications" };
  if (!Number.isInteger(unread) || unread <= 0) return item;
  const shown = unread > 99 ? "99+" : String(unread);
  return {
    ...item,
    html: `Notifications<span class="moj-notification-badge" data-qa="unread-count">${shown}</span><span class="govuk-visually-hidden"> unread</span>`,
  };
}
