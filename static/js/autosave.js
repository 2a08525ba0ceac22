// Saves a typed answer while it is being typed: after a pause, and when the page is hidden
// (the phone is locked, the tab is closed, someone goes to another page). So nothing typed is
// lost to a dropped signal or a page left without pressing a button.
// The page works without this: "Save and continue" and "Save and come back later" save the
// answer as before. Loaded as a module, so no inline script is needed (the CSP forbids it).

const PAUSE_MS = 2000;
// Browsers refuse `keepalive` requests over 64 KB (all of them at once): leave some room.
const KEEPALIVE_LIMIT_BYTES = 48 * 1024;

const NO_CONNECTION = "Not saved yet — check your connection. Your words are still here.";
const SIGNED_OUT =
  "Not saved — you need to sign in again. Copy your words first, so you keep them.";
const OTHER_PROBLEM =
  "Not saved yet. Your words are still here. Press “Save and continue” to keep them.";

function refused(error) {
  const words = String(error || "").trim().replace(/\.$/, "");
  return words ? `Not saved: ${words}. Your words are still here.` : OTHER_PROBLEM;
}

function enhance(form) {
  const url = form.dataset.autosaveUrl;
  const box = form.querySelector("textarea[name='text']");
  const token = form.querySelector("input[name='csrfmiddlewaretoken']");
  if (!url || !box || !token || form.dataset.autosaveReady) return;
  form.dataset.autosaveReady = "true";

  const status = document.createElement("div");
  status.className = "govuk-hint seedbed-autosave";
  status.setAttribute("aria-live", "polite");
  (box.closest(".govuk-form-group") || box.parentElement).append(status);

  let saved = box.value; // what the server has, as far as we know
  let sending = null; // the text of the request on its way, if any
  let timer;
  let leaving = false; // the form is being sent: it saves the answer itself

  const say = (words) => {
    if (status.textContent !== words) status.textContent = words;
  };

  async function save({ now = false } = {}) {
    clearTimeout(timer);
    const text = box.value;
    if (leaving || text === saved || text === sending) return;
    if (sending !== null && !now) {
      // One at a time, so an older text never lands after a newer one: try after this one.
      timer = setTimeout(save, PAUSE_MS);
      return;
    }
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    body.append("text", text);
    sending = text;
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "manual", // signed out: the answer is a way to the sign-in page
        keepalive: new Blob([text]).size < KEEPALIVE_LIMIT_BYTES,
      });
      if (response.type === "opaqueredirect") {
        say(SIGNED_OUT);
        return;
      }
      let answer = null;
      try {
        answer = await response.json();
      } catch {
        answer = null;
      }
      if (answer && answer.saved === true) {
        saved = text;
        say(`Saved at ${answer.at}`);
      } else {
        say(answer ? refused(answer.error) : OTHER_PROBLEM);
      }
    } catch {
      say(NO_CONNECTION);
    } finally {
      if (sending === text) sending = null;
    }
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, PAUSE_MS);
  };

  box.addEventListener("input", later);
  window.addEventListener("online", later);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save({ now: true });
  });
  window.addEventListener("pagehide", () => save({ now: true }));
  form.addEventListener("submit", () => {
    leaving = true;
    clearTimeout(timer);
  });
  window.addEventListener("pageshow", (event) => {
    // Back to this page from the browser's memory (after the form was sent): start again.
    if (event.persisted) leaving = false;
  });
}

document.querySelectorAll("form[data-autosave-url]").forEach(enhance);
