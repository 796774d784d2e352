// node-llama-cpp's greedy decode rate on one model, printed as one JSON line (same shape as Benny's `decode` mode):
// tokens per second after the first token, median of 5 completions, and the greedy text.
//   node node-llama-cpp-bench.mjs <model.gguf> <prompt> <tokens> <threads|default>
import {getLlama, LlamaCompletion} from "node-llama-cpp";

const [modelPath, prompt, tokensArg, threadsArg] = process.argv.slice(2);
const tokens = Number(tokensArg);
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const model = await llama.loadModel({modelPath});
const context = await model.createContext({contextSize: 512, ...(threadsArg === "default" ? {} : {threads: Number(threadsArg)})});
const completion = new LlamaCompletion({contextSequence: context.getSequence()});

async function run() {
    let first = 0, count = 0;
    const text = await completion.generateCompletion(prompt, {
        maxTokens: tokens, temperature: 0,
        onToken: chunk => { if (count === 0) first = performance.now(); count += chunk.length; },
    });
    return {rate: (count - 1) / ((performance.now() - first) / 1000), text};
}

await run(); // warm-up
const runs = [];
for (let i = 0; i < 5; i++) runs.push(await run());
const rates = runs.map(r => r.rate).sort((a, b) => a - b);
console.log(JSON.stringify({tool: "node-llama-cpp", threads: context.currentThreads ?? threadsArg, tokensPerSecond: Math.round(rates[2] * 10) / 10, text: runs[4].text}));
await context.dispose();
await model.dispose();
