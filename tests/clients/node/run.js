// Runs the npm perspective-api-client's normal calls against salon and prints what it got.
// The client hard-codes Google's URL; like a hosts entry or a reverse proxy would, an axios
// interceptor sends those requests to SALON_BASE instead (the client itself is unchanged).
'use strict';
const axios = require('axios');
const Perspective = require('perspective-api-client');

const GOOGLE = 'https://commentanalyzer.googleapis.com';
const base = process.env.SALON_BASE;
axios.interceptors.request.use(config => {
  config.url = config.url.replace(GOOGLE, base);
  return config;
});

async function main() {
  const client = new Perspective({apiKey: process.env.SALON_KEY});
  const out = {};
  const plain = await client.analyze('You are a complete idiot.');
  out.plain = plain.attributeScores.TOXICITY.summaryScore.value;
  const many = await client.analyze('You are a complete idiot and I will find you.', {
    attributes: ['toxicity', 'severe_toxicity', 'identity_attack', 'insult', 'profanity', 'threat'],
  });
  out.many = Object.fromEntries(
    Object.entries(many.attributeScores).map(([k, v]) => [k, v.summaryScore.value]));
  for (const [lang, text] of [['de', 'Du bist ein kompletter Idiot.'], ['ar', 'أنت غبي تماما']]) {
    const r = await client.analyze({comment: {text}, languages: [lang]});
    out[lang] = {value: r.attributeScores.TOXICITY.summaryScore.value, languages: r.languages,
      detected: r.detectedLanguages};
  }
  const text = 'Lovely day 🌞🌞. You are a stupid idiot!';
  const spans = await client.analyze({comment: {text}, spanAnnotations: true}, {attributes: ['insult']});
  out.spans = spans.attributeScores.INSULT.spanScores.map(s => ({
    slice: text.slice(s.begin, s.end), value: s.score.value}));
  try {
    await new Perspective({apiKey: 'salon_wrong'}).analyze('hello there');
    out.badKey = 'no error';
  } catch (err) {
    out.badKey = {name: err.name, message: err.message, status: err.response && err.response.status};
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch(err => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(1);
});
