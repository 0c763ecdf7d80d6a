// Proof-of-work for the comment form, in ALTCHA's v1 format: when the reader starts on the form,
// fetch salon's challenge (GET /api/challenge) and solve it in a Web Worker while they type; the
// post carries the solution. Nothing is shown: there is no step for the reader to take. A site
// that needs no challenge answers 204 and nothing runs. Each solution is used once.

// Self-contained (it is also the worker's source): find n ≤ max with SHA-256(salt + n) = challenge.
async function search(job) {
  const enc = new TextEncoder();
  const want = job.challenge.toLowerCase();
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  const BATCH = 500;
  for (let start = 0; start <= job.max; start += BATCH) {
    const tries = [];
    for (let n = start; n < start + BATCH && n <= job.max; n++) tries.push(crypto.subtle.digest("SHA-256", enc.encode(job.salt + n)));
    const found = (await Promise.all(tries)).findIndex((d) => hex(d) === want);
    if (found >= 0) return start + found;
  }
  return null;
}

function inWorker(job) {
  let url;
  try {
    url = URL.createObjectURL(new Blob([`const search=${search};onmessage=async(e)=>postMessage(await search(e.data));`], { type: "text/javascript" }));
    const worker = new Worker(url);
    return new Promise((resolve) => {
      worker.onmessage = (e) => {
        worker.terminate();
        resolve(e.data);
      };
      worker.onerror = () => {
        worker.terminate();
        resolve(search(job)); // a worker the page's CSP refuses: solve here, in batches
      };
      worker.postMessage(job);
    });
  } catch (_) {
    return search(job);
  } finally {
    if (url) setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

function expiry(salt) {
  const query = String(salt).split("?")[1] || "";
  const at = Number(new URLSearchParams(query).get("expires"));
  return at ? at * 1000 : Infinity;
}

async function solved(w) {
  let ch;
  try {
    const r = await fetch(`${w.base}/api/challenge?url=${encodeURIComponent(w.url)}`);
    if (!r.ok || r.status === 204) return null;
    ch = await r.json();
  } catch (_) {
    return null; // the post goes without one; the server decides
  }
  if (!window.crypto || !crypto.subtle) return null;
  const number = await inWorker({ challenge: ch.challenge, salt: ch.salt, max: ch.maxnumber || ch.maxNumber || 1e6 });
  if (number === null) return null;
  const payload = { algorithm: ch.algorithm, challenge: ch.challenge, number, salt: ch.salt, signature: ch.signature };
  return { payload: btoa(JSON.stringify(payload)), expires: expiry(ch.salt) };
}

export function proofOfWork(w) {
  let pending = null;
  const start = () => {
    if (!pending) pending = solved(w);
    return pending;
  };
  // The solution for this post (waiting for the worker if the reader was quick); the next post
  // starts afresh. One that will have expired by the time it arrives is replaced first.
  const take = async () => {
    let got = await start();
    pending = null;
    if (got && got.expires - Date.now() < 30000) got = await start().finally(() => (pending = null));
    return got ? got.payload : null;
  };
  return { start, take };
}
