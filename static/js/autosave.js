// Nothing typed is lost.
//
// A form with `data-autosave-url` (a question, the project, the budget) is saved while it is
// being typed: after a pause, and when the page is hidden (the phone is locked, the tab is
// closed, someone goes to another page). A form with `data-keep-words` (the group profile, which
// is only made when it is complete) keeps a copy of what is typed on this phone or computer
// until it is sent.
//
// When a save fails — the person was signed out, or the signal dropped — the words are kept in
// this browser (localStorage, one entry per page), a banner at the top of the page says so, and
// they are put back when the person comes back to the page after signing in. Pressing
// "Sign out" removes every kept copy (static/js/seedbed.js).
// The pages work without this: the buttons save as before, and the server keeps what a
// signed-out person sent (core/kept_words.py). Loaded as a module (the CSP forbids inline
// scripts).
//
// The words come from the page, in its language: data attributes on the form
// (`{% script_words "autosave" %}`, core/templatetags/seedbed.py). The English below is used
// only if the page has none.

const KEPT_PREFIX = "seedbed:kept:";
const KEEP_FOR_MS = 2 * 24 * 60 * 60 * 1000;
const PAUSE_MS = 2000;
// Browsers refuse `keepalive` requests over 64 KB (all of them at once): leave some room.
const KEEPALIVE_LIMIT_BYTES = 48 * 1024;

const ENGLISH = {
  wordsNoConnection: "Not saved yet — check your connection. Your words are still here.",
  wordsSignedOutStatus: "Not saved — you are signed out. Your words are kept on this phone.",
  wordsOtherProblem:
    "Not saved yet. Your words are still here. Press “Save and continue” to keep them.",
  wordsSignedOutBanner:
    "You are signed out, so your words are not saved. We kept them on this phone or computer. " +
    "Sign in again and come back to this page: we will put them back.",
  wordsPutBackBanner:
    "We put back what you typed on this phone or computer before. Check it is right.",
  wordsSavingNow: "We are saving it now.",
  wordsNotSavedYet: "It is not saved yet.",
  wordsRefused: "Not saved: {reason}. Your words are still here.",
  wordsSavedAt: "Saved at {time}",
  wordsImportant: "Important",
  wordsSignInAgain: "Sign in again",
};

// The form's words for `name`, with {placeholders} filled in from `values`.
function wordsFor(form, name, values = {}) {
  const words = form.dataset[name] || ENGLISH[name];
  return words.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

function refused(form, error) {
  const reason = String(error || "").trim().replace(/\.$/, "");
  if (!reason) return wordsFor(form, "wordsOtherProblem");
  return wordsFor(form, "wordsRefused", { reason });
}

// The words in a form: every box, choice and tick a person fills in (no files, no tokens).
function fieldsOf(form) {
  return [...form.elements]
    .filter((el) => el.name && !el.disabled)
    .filter((el) => !["hidden", "file", "submit", "button", "reset"].includes(el.type))
    .filter((el) => !["checkbox", "radio"].includes(el.type) || el.checked)
    .map((el) => [el.name, el.value]);
}

function putInto(form, fields) {
  const values = new Map();
  fields.forEach(([name, value]) => values.set(name, [...(values.get(name) || []), value]));
  [...form.elements].forEach((el) => {
    if (!el.name || ["hidden", "file", "submit", "button", "reset"].includes(el.type)) return;
    const wanted = values.get(el.name) || [];
    if (["checkbox", "radio"].includes(el.type)) el.checked = wanted.includes(el.value);
    else el.value = wanted[0] ?? el.value;
    el.dispatchEvent(new Event("input", { bubbles: true })); // word counts, the budget total
  });
}

const keyFor = () => KEPT_PREFIX + window.location.pathname;

function keep(fields) {
  if (document.documentElement.dataset.signingOut) return; // "Sign out" forgets every copy
  try {
    localStorage.setItem(keyFor(), JSON.stringify({ at: Date.now(), fields }));
  } catch {
    // Storage is full or turned off: the words are still on the page.
  }
}

function forget() {
  try {
    localStorage.removeItem(keyFor());
  } catch {
    // Nothing kept.
  }
}

function kept() {
  try {
    const entry = JSON.parse(localStorage.getItem(keyFor()) || "null");
    if (entry && Date.now() - entry.at < KEEP_FOR_MS && Array.isArray(entry.fields)) return entry;
  } catch {
    // Unreadable: treat as nothing kept.
  }
  forget();
  return null;
}

// A banner at the top of the page, read out at once (role="alert").
function banner(form, words, link) {
  const main = document.querySelector("main");
  let box = document.querySelector(".seedbed-kept-banner");
  if (!box) {
    box = document.createElement("div");
    box.className =
      "govuk-notification-banner seedbed-notification-banner--important seedbed-kept-banner";
    box.setAttribute("role", "alert");
    box.innerHTML =
      '<div class="govuk-notification-banner__header">' +
      '<h2 class="govuk-notification-banner__title"></h2></div>' +
      '<div class="govuk-notification-banner__content">' +
      '<p class="govuk-notification-banner__heading"></p></div>';
    box.querySelector("h2").textContent = wordsFor(form, "wordsImportant");
    main.prepend(box);
  }
  const text = box.querySelector("p");
  text.textContent = words + " ";
  if (link) {
    const a = document.createElement("a");
    a.className = "govuk-notification-banner__link";
    a.href = link.href;
    a.textContent = link.words;
    text.append(a);
  }
  return box;
}

const snapshot = (fields) => JSON.stringify(fields);

function statusFor(form) {
  const status = document.createElement("div");
  status.className = "govuk-hint seedbed-autosave";
  status.setAttribute("aria-live", "polite");
  const box = form.querySelector("textarea[name='text']");
  const buttons = form.querySelector(".govuk-button-group");
  if (box) (box.closest(".govuk-form-group") || box.parentElement).append(status);
  else if (buttons) buttons.before(status);
  else form.append(status);
  return status;
}

function enhance(form) {
  const url = form.dataset.autosaveUrl;
  const token = form.querySelector("input[name='csrfmiddlewaretoken']");
  if (!url || !token || form.dataset.autosaveReady) return;
  form.dataset.autosaveReady = "true";
  const status = statusFor(form);

  let saved = snapshot(fieldsOf(form)); // what the server has, as far as we know
  let sending = null; // the words on their way, if any
  let timer;
  let leaving = false; // the form is being sent: it saves the words itself

  const say = (words) => {
    if (status.textContent !== words) status.textContent = words;
  };
  const signedOut = (fields) => {
    keep(fields);
    say(wordsFor(form, "wordsSignedOutStatus"));
    banner(form, wordsFor(form, "wordsSignedOutBanner"), {
      href: form.dataset.signInUrl,
      words: wordsFor(form, "wordsSignInAgain"),
    });
  };

  async function save({ now = false } = {}) {
    clearTimeout(timer);
    const fields = fieldsOf(form);
    const words = snapshot(fields);
    if (leaving || words === saved || words === sending) return;
    if (sending !== null && !now) {
      // One at a time, so older words never land after newer ones: try after this one.
      timer = setTimeout(save, PAUSE_MS);
      return;
    }
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    fields.forEach(([name, value]) => body.append(name, value));
    sending = words;
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "manual", // signed out: the answer is a way to the sign-in page
        keepalive: new Blob([words]).size < KEEPALIVE_LIMIT_BYTES,
      });
      let answer = null;
      try {
        answer = await response.json();
      } catch {
        answer = null;
      }
      if (response.type === "opaqueredirect" || response.status === 401) {
        signedOut(fields);
      } else if (response.status === 403 && !answer) {
        signedOut(fields); // the form's token is no longer good: signed out elsewhere
      } else if (answer && answer.saved === true) {
        saved = words;
        forget();
        say(wordsFor(form, "wordsSavedAt", { time: answer.at }));
      } else {
        keep(fields);
        say(answer ? refused(form, answer.error) : wordsFor(form, "wordsOtherProblem"));
      }
    } catch {
      keep(fields);
      say(wordsFor(form, "wordsNoConnection"));
    } finally {
      if (sending === words) sending = null;
    }
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, PAUSE_MS);
  };

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  window.addEventListener("online", later);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save({ now: true });
  });
  window.addEventListener("pagehide", () => save({ now: true }));
  form.addEventListener("submit", () => {
    leaving = true;
    clearTimeout(timer);
    forget();
  });
  window.addEventListener("pageshow", (event) => {
    // Back to this page from the browser's memory (after the form was sent): start again.
    if (event.persisted) leaving = false;
  });
  return later;
}

// The group profile: a copy of what is typed stays on this phone until the form is sent.
function keepWhileTyping(form) {
  let timer;
  let typed = false; // typed since the last copy was kept
  const copyNow = () => {
    clearTimeout(timer);
    if (typed) keep(fieldsOf(form));
    typed = false;
  };
  const copy = () => {
    typed = true;
    clearTimeout(timer);
    timer = setTimeout(copyNow, 300);
  };
  form.addEventListener("input", copy);
  form.addEventListener("change", copy);
  window.addEventListener("pagehide", copyNow);
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    typed = false;
    forget();
  });
}

function putBack(form, saveSoon) {
  const entry = kept();
  if (!entry || snapshot(entry.fields) === snapshot(fieldsOf(form))) return;
  // A page that shows the server's problems with what was sent already has the newest words.
  if (document.querySelector(".govuk-error-summary")) return;
  putInto(form, entry.fields);
  const next = wordsFor(form, saveSoon ? "wordsSavingNow" : "wordsNotSavedYet");
  banner(form, `${wordsFor(form, "wordsPutBackBanner")} ${next}`);
  if (saveSoon) saveSoon();
}

document.querySelectorAll("form[data-autosave-url]").forEach((form) => {
  putBack(form, enhance(form));
});
document.querySelectorAll("form[data-keep-words]").forEach((form) => {
  putBack(form, null);
  keepWhileTyping(form);
});
