// Live word counts for answers that have a word limit.
// The page works without this: the hint under each question says the limit, and the server
// checks it. Loaded as a module, so no inline script is needed (the CSP forbids it).
//
// The words come from the page, in its language: data attributes on the form, one for each
// plural category the language has (`{% script_words "word_count" %}`,
// core/templatetags/seedbed.py), e.g. data-words-left-one="You have {n} word left". The
// English below is used only if the page has none.

const SPEAK_AFTER_MS = 1000;

function countWords(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

const ENGLISH = {
  wordsLeftOne: "You have {n} word left",
  wordsLeftOther: "You have {n} words left",
  wordsOverOne: "You have {n} word too many",
  wordsOverOther: "You have {n} words too many",
};

let plurals;
function category(n) {
  try {
    plurals = plurals || new Intl.PluralRules(document.documentElement.lang || "en");
    return plurals.select(n);
  } catch {
    return n === 1 ? "one" : "other";
  }
}

// "You have 3 words left", in the page's words for that number.
function phrase(box, kind, n) {
  const words = (box.form || box.closest("[data-words-left-other]") || box).dataset;
  const name = (cat) => `words${kind}${cat[0].toUpperCase()}${cat.slice(1)}`;
  const cat = category(n);
  const chosen = words[name(cat)] || words[name("other")] ||
    ENGLISH[name(cat)] || ENGLISH[name("other")];
  return chosen.replace("{n}", String(n));
}

function describe(box, count, limit) {
  const left = limit - count;
  if (left >= 0) return phrase(box, "Left", left);
  return phrase(box, "Over", -left);
}

function enhance(box) {
  const limit = Number(box.dataset.wordLimit);
  if (!limit || box.dataset.wordCountReady) return;
  box.dataset.wordCountReady = "true";
  const serverError = box.getAttribute("aria-invalid") === "true";

  const shown = document.createElement("div");
  shown.className = "govuk-hint seedbed-word-count";
  shown.setAttribute("aria-hidden", "true");
  const spoken = document.createElement("div");
  spoken.className = "govuk-visually-hidden";
  spoken.setAttribute("aria-live", "polite");
  box.after(shown, spoken);

  let timer;
  const update = (speak) => {
    const count = countWords(box.value);
    const text = describe(box, count, limit);
    const over = count > limit;
    shown.textContent = text;
    shown.classList.toggle("govuk-error-message", over);
    shown.classList.toggle("govuk-hint", !over);
    box.classList.toggle("govuk-textarea--error", over || serverError);
    clearTimeout(timer);
    if (speak) timer = setTimeout(() => { spoken.textContent = text; }, SPEAK_AFTER_MS);
  };
  box.addEventListener("input", () => update(true));
  update(false);
}

document.querySelectorAll("textarea[data-word-limit]").forEach(enhance);
