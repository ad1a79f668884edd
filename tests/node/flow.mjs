// The official AssemblyAI Node SDK against aai-tui's simulator: one run of everything a
// user does, printed as one JSON report for tests/sim/test_sdk_node.py to check.
// Usage: node flow.mjs BASE_URL AUDIO_FILE OUT_DIR
import { writeFile } from "node:fs/promises";
import { AssemblyAI } from "assemblyai";

const [baseUrl, audioFile, outDir] = process.argv.slice(2);
const client = new AssemblyAI({ apiKey: "node-sdk-key", baseUrl });
const report = {};

const uploadUrl = await client.files.upload(audioFile);
report.uploadUrl = uploadUrl;
const transcript = await client.transcripts.transcribe(
  {
    audio: uploadUrl,
    speaker_labels: true,
    redact_pii: true,
    redact_pii_audio: true,
    redact_pii_policies: ["person_name", "location_city"],
  },
  { pollingInterval: 100, pollingTimeout: 60000 },
);
report.status = transcript.status;
report.error = transcript.error ?? null;
report.speechModels = transcript.speech_models;
report.speechModelUsed = transcript.speech_model_used;
report.words = transcript.words.length;
report.srt = (await client.transcripts.subtitles(transcript.id, "srt")).slice(0, 2);
report.vtt = (await client.transcripts.subtitles(transcript.id, "vtt")).slice(0, 6);
report.sentences = (await client.transcripts.sentences(transcript.id)).sentences.length;
report.paragraphs = (await client.transcripts.paragraphs(transcript.id)).paragraphs.length;
const word = transcript.words[0].text.replace(/[.,?!]/g, "");
report.wordSearch = (await client.transcripts.wordSearch(transcript.id, [word])).total_count;
const audio = await client.transcripts.redactedAudioFile(transcript.id);
const bytes = Buffer.from(await audio.arrayBuffer());
await writeFile(`${outDir}/redacted.mp3`, bytes);
report.redactedBytes = bytes.length;

for (let i = 0; i < 4; i++) {
  await client.transcripts.submit({ audio: "https://example.com/a.mp3" });
}
const newest = await client.transcripts.list({ limit: 2 });
const older = await client.transcripts.list(newest.page_details.prev_url);
const newer = await client.transcripts.list(older.page_details.next_url);
report.newest = newest.transcripts.map((t) => t.id);
report.older = older.transcripts.map((t) => t.id);
report.newer = newer.transcripts.map((t) => t.id);
const deleted = await client.transcripts.delete(transcript.id);
report.deletedText = deleted.text;
console.log(JSON.stringify(report));
