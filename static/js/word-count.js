// Live word counts for answers that have a word limit.
// The page works without this: the hint under each question says the limit, and the server
// checks it. Loaded as a module, so no inline script is needed (the CSP forbids it).

const SPEAK_AFTER_MS = 1000;

function countWords(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

function words(n) {
  return n === 1 ? "word" : "words";
}

function describe(count, limit) {
  const left = limit - count;
  if (left >= 0) return `You have ${left} ${words(left)} left`;
  return `You have ${-left} ${words(-left)} too many`;
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
    const text = describe(count, limit);
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
