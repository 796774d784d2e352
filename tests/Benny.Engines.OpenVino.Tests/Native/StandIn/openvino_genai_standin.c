/*
 * A scripted stand-in for the OpenVINO GenAI C library (and ov_get_last_err_msg of the core C library), used by
 * Benny.Engines.OpenVino.Tests to exercise the real managed binding: strings, the variadic create, callbacks,
 * the two-call string pattern, status codes and object lifetimes. Written for the tests from the signatures of the
 * 2026.3.0.0 C API; it generates nothing. Built at test time:
 *   cc -shared -fPIC -fvisibility=default -o libopenvino_genai_c.so openvino_genai_standin.c
 * Depends on libc only. Not thread-safe: the tests that use it run one at a time.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* ov_status_e values used here. */
enum { OK = 0, OUT_OF_BOUNDS = -6, INVALID_C_PARAM = -14 };
/* ov_genai_chat_history_status_e / ov_genai_json_container_status_e values used here. */
enum { HISTORY_INVALID_PARAM = -1, HISTORY_INVALID_JSON = -4, JSON_INVALID_PARAM = -1, JSON_INVALID_JSON = -2 };

enum { ALIVE = 0x0A11FE, DEAD = 0xDEAD };
enum kind { K_PIPE = 1, K_CONFIG, K_RESULTS, K_METRICS, K_HISTORY, K_JSON };

typedef struct { uint32_t magic; int kind; } header;

/* Config value slots, by name. */
static const char* const CONFIG_NAMES[] = {
    "max_new_tokens", "do_sample", "temperature", "top_p", "top_k", "min_p", "repetition_penalty",
    "presence_penalty", "frequency_penalty", "rng_seed", "include_stop_str_in_output", "stop_strings",
};
#define CONFIG_SLOTS (sizeof(CONFIG_NAMES) / sizeof(CONFIG_NAMES[0]))

typedef struct {
    int set[CONFIG_SLOTS];
    unsigned long long u[CONFIG_SLOTS];
    float f[CONFIG_SLOTS];
    char stop_strings[4096]; /* joined with '\n' */
    int validated;
} config_values;

typedef struct { header h; } pipe_t;
typedef struct { header h; config_values v; } config_t;
typedef struct { header h; char* text; size_t generated; } results_t;
typedef struct { header h; size_t generated; } metrics_t;
typedef struct { header h; char* json; } json_t;
typedef struct { header h; char* messages; } history_t; /* comma-separated JSON objects */

typedef struct {
    int (*callback_func)(const char* str, void* args);
    void* args;
} streamer_callback;

/* ---- scripted state ---- */
static char last_err[4096];
static char** pieces;
static size_t piece_count;
static char fail_function[256];
static int fail_status;
static char fail_message[2048];
static long live_objects;
static long double_frees;
static char* last_models_path;
static char* last_device;
static char* last_properties[16];
static size_t last_property_count;
static char* last_prompt_json;
static char* last_inputs;
static config_values last_config;
static int last_config_present;
static size_t emitted;
static int last_stream_status;
static int get_string_calls;
static int chat_depth;

static char* dup_or_null(const char* s) { return s ? strdup(s) : NULL; }
static void replace(char** slot, const char* value) { free(*slot); *slot = dup_or_null(value); }

static void* new_object(size_t size, int kind) {
    header* h = calloc(1, size);
    h->magic = ALIVE;
    h->kind = kind;
    live_objects++;
    return h;
}

static bool alive(const void* p, int kind) {
    const header* h = p;
    return h && h->magic == ALIVE && h->kind == kind;
}

/* Marks an object dead; the header is kept (never reused) so a second free is detected, not undefined. */
static bool release(void* p, int kind) {
    header* h = p;
    if (!h) return false;
    if (h->magic != ALIVE || h->kind != kind) { double_frees++; return false; }
    h->magic = DEAD;
    live_objects--;
    return true;
}

/* One-shot scripted failure of a named function. */
static bool should_fail(const char* function, int* status) {
    if (fail_function[0] && strcmp(fail_function, function) == 0) {
        fail_function[0] = 0;
        strncpy(last_err, fail_message, sizeof last_err - 1);
        *status = fail_status;
        return true;
    }
    return false;
}
#define FAIL_POINT(name) do { int s_; if (should_fail(name, &s_)) return s_; } while (0)

/* ---- scripting API ---- */
EXPORT void standin_reset(void) {
    for (size_t i = 0; i < piece_count; i++) free(pieces[i]);
    free(pieces);
    pieces = NULL;
    piece_count = 0;
    fail_function[0] = 0;
    last_err[0] = 0;
    live_objects = 0;
    double_frees = 0;
    replace(&last_models_path, NULL);
    replace(&last_device, NULL);
    for (size_t i = 0; i < 16; i++) replace(&last_properties[i], NULL);
    last_property_count = 0;
    replace(&last_prompt_json, NULL);
    replace(&last_inputs, NULL);
    memset(&last_config, 0, sizeof last_config);
    last_config_present = 0;
    emitted = 0;
    last_stream_status = -1;
    get_string_calls = 0;
    chat_depth = 0;
}

EXPORT void standin_push_piece(const char* piece) {
    pieces = realloc(pieces, (piece_count + 1) * sizeof *pieces);
    pieces[piece_count++] = strdup(piece);
}

EXPORT void standin_fail_next(const char* function, int status, const char* message) {
    strncpy(fail_function, function, sizeof fail_function - 1);
    fail_status = status;
    strncpy(fail_message, message ? message : "", sizeof fail_message - 1);
}

EXPORT long standin_live_objects(void) { return live_objects; }
EXPORT long standin_double_frees(void) { return double_frees; }
EXPORT const char* standin_last_models_path(void) { return last_models_path; }
EXPORT const char* standin_last_device(void) { return last_device; }
EXPORT long standin_last_property_count(void) { return (long)last_property_count; }
EXPORT const char* standin_last_property(int i) { return i >= 0 && i < 16 ? last_properties[i] : NULL; }
EXPORT const char* standin_last_prompt_json(void) { return last_prompt_json; }
EXPORT const char* standin_last_inputs(void) { return last_inputs; }
EXPORT long standin_emitted(void) { return (long)emitted; }
EXPORT int standin_last_stream_status(void) { return last_stream_status; }
EXPORT int standin_get_string_calls(void) { return get_string_calls; }
EXPORT int standin_chat_depth(void) { return chat_depth; }

static int slot_of(const char* name) {
    for (size_t i = 0; i < CONFIG_SLOTS; i++) if (strcmp(CONFIG_NAMES[i], name) == 0) return (int)i;
    return -1;
}

/* The config of the last generate call: whether a value was set, and its value. */
EXPORT int standin_last_config_present(void) { return last_config_present; }
EXPORT int standin_last_config_is_set(const char* name) { int s = slot_of(name); return s >= 0 && last_config.set[s]; }
EXPORT unsigned long long standin_last_config_u64(const char* name) { int s = slot_of(name); return s >= 0 ? last_config.u[s] : 0; }
EXPORT float standin_last_config_float(const char* name) { int s = slot_of(name); return s >= 0 ? last_config.f[s] : 0.0f; }
EXPORT const char* standin_last_config_stop_strings(void) { return last_config.stop_strings; }
EXPORT int standin_last_config_validated(void) { return last_config.validated; }

/* ---- core C API ---- */
EXPORT const char* ov_get_last_err_msg(void) { return last_err; }

/* ---- llm_pipeline.h ---- */
EXPORT int ov_genai_llm_pipeline_create(const char* models_path, const char* device, const size_t property_args_size, void** pipe, ...) {
    FAIL_POINT("ov_genai_llm_pipeline_create");
    if (!models_path || !device || !pipe || property_args_size % 2 != 0 || property_args_size > 16) return INVALID_C_PARAM;
    replace(&last_models_path, models_path);
    replace(&last_device, device);
    va_list args;
    va_start(args, pipe);
    for (size_t i = 0; i < property_args_size; i++) replace(&last_properties[i], va_arg(args, const char*));
    va_end(args);
    last_property_count = property_args_size;
    *pipe = new_object(sizeof(pipe_t), K_PIPE);
    return OK;
}

EXPORT void ov_genai_llm_pipeline_free(void* pipe) { release(pipe, K_PIPE); }

static int run(const void* pipe, const config_t* config, const streamer_callback* streamer, results_t** results) {
    if (!alive(pipe, K_PIPE) || (config && !alive(config, K_CONFIG)) || !(streamer || results)) return INVALID_C_PARAM;
    if (config) { last_config = config->v; last_config_present = 1; }
    size_t capacity = 1, length = 0;
    for (size_t i = 0; i < piece_count; i++) capacity += strlen(pieces[i]);
    char* text = malloc(capacity);
    text[0] = 0;
    emitted = 0;
    last_stream_status = -1;
    for (size_t i = 0; i < piece_count; i++) {
        size_t n = strlen(pieces[i]);
        memcpy(text + length, pieces[i], n + 1);
        length += n;
        emitted++;
        if (streamer) {
            int status = streamer->callback_func(pieces[i], streamer->args);
            last_stream_status = status;
            if (status == 1 || status == 2) break; /* STOP keeps what was generated, CANCEL drops it from the history */
        }
    }
    if (results) {
        results_t* r = new_object(sizeof(results_t), K_RESULTS);
        r->text = text;
        r->generated = emitted;
        *results = r;
    } else {
        free(text);
    }
    return OK;
}

EXPORT int ov_genai_llm_pipeline_generate(void* pipe, const char* inputs, const config_t* config, const streamer_callback* streamer, results_t** results) {
    FAIL_POINT("ov_genai_llm_pipeline_generate");
    if (!inputs) return INVALID_C_PARAM;
    replace(&last_inputs, inputs);
    return run(pipe, config, streamer, results);
}

EXPORT int ov_genai_llm_pipeline_generate_with_history(void* pipe, const history_t* history, const config_t* config, const streamer_callback* streamer, results_t** results) {
    FAIL_POINT("ov_genai_llm_pipeline_generate_with_history");
    if (!alive(history, K_HISTORY)) return INVALID_C_PARAM;
    const char* messages = history->messages ? history->messages : "";
    free(last_prompt_json);
    last_prompt_json = malloc(strlen(messages) + 3);
    strcpy(last_prompt_json, "[");
    strcat(last_prompt_json, messages);
    strcat(last_prompt_json, "]");
    return run(pipe, config, streamer, results);
}

EXPORT int ov_genai_llm_pipeline_start_chat(void* pipe) {
    FAIL_POINT("ov_genai_llm_pipeline_start_chat");
    if (!alive(pipe, K_PIPE)) return INVALID_C_PARAM;
    chat_depth++;
    return OK;
}

EXPORT int ov_genai_llm_pipeline_finish_chat(void* pipe) {
    FAIL_POINT("ov_genai_llm_pipeline_finish_chat");
    if (!alive(pipe, K_PIPE)) return INVALID_C_PARAM;
    chat_depth--;
    return OK;
}

EXPORT int ov_genai_decoded_results_create(results_t** results) {
    FAIL_POINT("ov_genai_decoded_results_create");
    if (!results) return INVALID_C_PARAM;
    results_t* r = new_object(sizeof(results_t), K_RESULTS);
    r->text = strdup("");
    *results = r;
    return OK;
}

EXPORT void ov_genai_decoded_results_free(results_t* results) {
    if (release(results, K_RESULTS)) { free(results->text); results->text = NULL; }
}

EXPORT int ov_genai_decoded_results_get_string(const results_t* results, char* output, size_t* output_size) {
    get_string_calls++;
    FAIL_POINT("ov_genai_decoded_results_get_string");
    if (!alive(results, K_RESULTS) || !output_size) return INVALID_C_PARAM;
    size_t needed = strlen(results->text) + 1;
    if (output) {
        if (*output_size < needed) return OUT_OF_BOUNDS;
        memcpy(output, results->text, needed);
    }
    *output_size = needed;
    return OK;
}

EXPORT int ov_genai_decoded_results_get_perf_metrics(const results_t* results, metrics_t** metrics) {
    FAIL_POINT("ov_genai_decoded_results_get_perf_metrics");
    if (!alive(results, K_RESULTS) || !metrics) return INVALID_C_PARAM;
    metrics_t* m = new_object(sizeof(metrics_t), K_METRICS);
    m->generated = results->generated;
    *metrics = m;
    return OK;
}

EXPORT void ov_genai_decoded_results_perf_metrics_free(metrics_t* metrics) { release(metrics, K_METRICS); }

/* ---- perf_metrics.h: fixed numbers (generation tokens = pieces emitted) ---- */
#define METRIC_SIZE(name, expr) \
    EXPORT int name(const metrics_t* metrics, size_t* value) { \
        FAIL_POINT(#name); \
        if (!alive(metrics, K_METRICS) || !value) return INVALID_C_PARAM; \
        *value = (expr); \
        return OK; \
    }
#define METRIC_MEAN_STD(name, mean_value) \
    EXPORT int name(const metrics_t* metrics, float* mean, float* std) { \
        FAIL_POINT(#name); \
        if (!alive(metrics, K_METRICS) || !mean || !std) return INVALID_C_PARAM; \
        *mean = (mean_value); \
        *std = 0.5f; \
        return OK; \
    }
METRIC_SIZE(ov_genai_perf_metrics_get_num_input_tokens, 12)
METRIC_SIZE(ov_genai_perf_metrics_get_num_generation_tokens, metrics->generated)
METRIC_MEAN_STD(ov_genai_perf_metrics_get_ttft, 25.5f)
METRIC_MEAN_STD(ov_genai_perf_metrics_get_tpot, 7.25f)
METRIC_MEAN_STD(ov_genai_perf_metrics_get_throughput, 137.5f)
METRIC_MEAN_STD(ov_genai_perf_metrics_get_generate_duration, 480.25f)

/* ---- generation_config.h ---- */
EXPORT int ov_genai_generation_config_create(config_t** config) {
    FAIL_POINT("ov_genai_generation_config_create");
    if (!config) return INVALID_C_PARAM;
    *config = new_object(sizeof(config_t), K_CONFIG);
    return OK;
}

EXPORT void ov_genai_generation_config_free(config_t* config) { release(config, K_CONFIG); }

#define SETTER(suffix, type, field) \
    EXPORT int ov_genai_generation_config_set_##suffix(config_t* config, const type value) { \
        FAIL_POINT("ov_genai_generation_config_set_" #suffix); \
        if (!alive(config, K_CONFIG)) return INVALID_C_PARAM; \
        int s = slot_of(#suffix); \
        config->v.set[s] = 1; \
        config->v.field[s] = value; \
        return OK; \
    }
SETTER(max_new_tokens, size_t, u)
SETTER(do_sample, bool, u)
SETTER(temperature, float, f)
SETTER(top_p, float, f)
SETTER(top_k, size_t, u)
SETTER(min_p, float, f)
SETTER(repetition_penalty, float, f)
SETTER(presence_penalty, float, f)
SETTER(frequency_penalty, float, f)
SETTER(rng_seed, size_t, u)
SETTER(include_stop_str_in_output, bool, u)

EXPORT int ov_genai_generation_config_set_stop_strings(config_t* config, const char** strings, const size_t count) {
    FAIL_POINT("ov_genai_generation_config_set_stop_strings");
    if (!alive(config, K_CONFIG) || (count > 0 && !strings)) return INVALID_C_PARAM;
    int s = slot_of("stop_strings");
    config->v.set[s] = 1;
    config->v.u[s] = count;
    config->v.stop_strings[0] = 0;
    for (size_t i = 0; i < count; i++) {
        if (i > 0) strncat(config->v.stop_strings, "\n", sizeof config->v.stop_strings - strlen(config->v.stop_strings) - 1);
        strncat(config->v.stop_strings, strings[i], sizeof config->v.stop_strings - strlen(config->v.stop_strings) - 1);
    }
    return OK;
}

EXPORT int ov_genai_generation_config_validate(config_t* config) {
    FAIL_POINT("ov_genai_generation_config_validate");
    if (!alive(config, K_CONFIG)) return INVALID_C_PARAM;
    config->v.validated = 1;
    return OK;
}

/* ---- json_container.h ---- */
EXPORT int ov_genai_json_container_create_from_json_string(json_t** container, const char* json_str) {
    FAIL_POINT("ov_genai_json_container_create_from_json_string");
    if (!container || !json_str) return JSON_INVALID_PARAM;
    const char* p = json_str;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
    if (*p != '{' && *p != '[') return JSON_INVALID_JSON;
    json_t* j = new_object(sizeof(json_t), K_JSON);
    j->json = strdup(json_str);
    *container = j;
    return OK;
}

EXPORT void ov_genai_json_container_free(json_t* container) {
    if (release(container, K_JSON)) { free(container->json); container->json = NULL; }
}

/* ---- chat_history.h ---- */
EXPORT int ov_genai_chat_history_create(history_t** history) {
    FAIL_POINT("ov_genai_chat_history_create");
    if (!history) return HISTORY_INVALID_PARAM;
    history_t* h = new_object(sizeof(history_t), K_HISTORY);
    h->messages = strdup("");
    *history = h;
    return OK;
}

EXPORT void ov_genai_chat_history_free(history_t* history) {
    if (release(history, K_HISTORY)) { free(history->messages); history->messages = NULL; }
}

EXPORT int ov_genai_chat_history_push_back(history_t* history, const json_t* message) {
    FAIL_POINT("ov_genai_chat_history_push_back");
    if (!alive(history, K_HISTORY) || !alive(message, K_JSON)) return HISTORY_INVALID_PARAM;
    if (message->json[strspn(message->json, " \n\t\r")] != '{') return HISTORY_INVALID_JSON;
    size_t old = strlen(history->messages);
    history->messages = realloc(history->messages, old + strlen(message->json) + 2);
    if (old > 0) strcat(history->messages, ",");
    strcat(history->messages, message->json);
    return OK;
}
