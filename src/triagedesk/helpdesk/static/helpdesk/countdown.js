// Live SLA countdowns: every <time class="due" datetime="..."> on the page is rewritten each
// second from its due time ("12 minutes left", "overdue by 3 hours") and its class set to ok,
// soon or breached. The phrases and their plural forms come from Django's JavaScript catalog
// (gettext, ngettext, interpolate), the same ones helpdesk/web/queue.py renders on the server;
// without that catalog, or without JavaScript, the server's text stays.
(function () {
  "use strict";

  const MINUTE_MS = 60 * 1000;
  const STATES = ["ok", "soon", "breached"];
  // The limits come from the page (helpdesk/web/queue.py), so both word a countdown alike.
  const limits = document.currentScript.dataset;
  const SOON_MS = Number(limits.soonSeconds) * 1000;
  const HOURS_WITH_MINUTES = Number(limits.hoursWithMinutes);
  const DAYS_FROM_HOURS = Number(limits.daysFromHours);

  function minutesText(count) {
    return interpolate(ngettext("%(count)s minute", "%(count)s minutes", count), { count }, true);
  }

  function hoursText(count) {
    return interpolate(ngettext("%(count)s hour", "%(count)s hours", count), { count }, true);
  }

  function daysText(count) {
    return interpolate(ngettext("%(count)s day", "%(count)s days", count), { count }, true);
  }

  // Whole minutes, rounded up and at least one, worded as span() in helpdesk/web/queue.py:
  // minutes under HOURS_WITH_MINUTES hours, then hours, and days from DAYS_FROM_HOURS on.
  function span(ms) {
    const minutes = Math.max(1, Math.ceil(Math.abs(ms) / MINUTE_MS));
    if (minutes < 60) {
      return minutesText(minutes);
    }
    const hours = Math.floor(minutes / 60);
    if (hours >= DAYS_FROM_HOURS) {
      return daysText(Math.floor(minutes / (24 * 60)));
    }
    if (hours >= HOURS_WITH_MINUTES || minutes % 60 === 0) {
      return hoursText(hours);
    }
    // Translators: a duration of hours and minutes, e.g. "3 hours 5 minutes".
    const format = gettext("%(hours)s %(minutes)s");
    const parts = { hours: hoursText(hours), minutes: minutesText(minutes % 60) };
    return interpolate(format, parts, true);
  }

  function show(element, now) {
    const due = Date.parse(element.getAttribute("datetime"));
    if (Number.isNaN(due)) {
      return;
    }
    const left = due - now;
    const breached = left <= 0;
    const state = breached ? "breached" : left < SOON_MS ? "soon" : "ok";
    const format = breached ? gettext("overdue by %(duration)s") : gettext("%(duration)s left");
    const text = interpolate(format, { duration: span(left) }, true);
    if (element.textContent !== text) {
      element.textContent = text;
    }
    if (!element.classList.contains(state)) {
      element.classList.remove(...STATES);
      element.classList.add(state);
    }
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll("time.due[datetime]").forEach((element) => show(element, now));
  }

  const limitsMissing = [SOON_MS, HOURS_WITH_MINUTES, DAYS_FROM_HOURS].some(Number.isNaN);
  if (typeof ngettext !== "function" || limitsMissing) {
    return; // no catalog or no limits: keep the server's text
  }
  tick();
  setInterval(tick, 1000);
  // Rows htmx swapped in (a filter, a page, the minutely refresh) are shown at once.
  document.addEventListener("htmx:afterSwap", tick);
})();
