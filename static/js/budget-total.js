// The budget page's total, kept up to date as amounts are typed.
// The page works without this: the server shows the total of what was sent, and which lines it
// could not count. Loaded as a module (the CSP forbids inline scripts).

const total = document.querySelector("[data-budget-total]");
const boxes = [...document.querySelectorAll("input[data-budget-amount]")];

function pounds(text) {
  const cleaned = text.replace(/[£,\s]/g, "");
  if (!cleaned) return 0;
  return /^\d+$/.test(cleaned) ? Number(cleaned) : null;
}

function update() {
  let sum = 0;
  for (const box of boxes) sum += pounds(box.value) || 0;
  total.textContent = `£${sum.toLocaleString("en-GB")}`;
}

if (total && boxes.length) {
  boxes.forEach((box) => box.addEventListener("input", update));
}
