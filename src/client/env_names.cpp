#include "client/env_names.h"

#include <array>

namespace keyward::client {
namespace {

struct Names {
  std::string_view type;
  std::array<std::string_view, 3> variables;  // the first is the usual one; "" ends the list
  std::string_view base_variable;             // read by the type's SDK (or the usual guess)
  std::string_view gateway_suffix;            // appended to <gateway>/<type>
};

// The official SDKs' own names where they have one: OPENAI_BASE_URL (openai), ANTHROPIC_BASE_URL
// (@anthropic-ai/sdk), GOOGLE_GEMINI_BASE_URL (google-genai); the OpenAI-compatible providers'
// SDKs and examples use <PROVIDER>_BASE_URL.
constexpr std::array<Names, 11> kNames = {{
    {"openai", {"OPENAI_API_KEY", "", ""}, "OPENAI_BASE_URL", "/v1"},
    {"anthropic", {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY", ""}, "ANTHROPIC_BASE_URL", ""},
    {"google",
     {"GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"},
     "GOOGLE_GEMINI_BASE_URL",
     ""},
    {"deepseek", {"DEEPSEEK_API_KEY", "", ""}, "DEEPSEEK_BASE_URL", ""},
    {"fast_inference", {"FAST_INFERENCE_API_KEY", "", ""}, "FAST_INFERENCE_BASE_URL", ""},
    {"xai", {"XAI_API_KEY", "GROK_API_KEY", ""}, "XAI_BASE_URL", "/v1"},
    {"perplexity", {"PERPLEXITY_API_KEY", "PPLX_API_KEY", ""}, "PERPLEXITY_BASE_URL", ""},
    {"data_platform", {"DATA_PLATFORM_API_KEY", "", ""}, "DATA_PLATFORM_BASE_URL", ""},
    {"support_system", {"SUPPORT_SYSTEM_API_KEY", "", ""}, "SUPPORT_SYSTEM_BASE_URL", ""},
    {"google_translate", {"GOOGLE_TRANSLATE_API_KEY", "", ""}, "GOOGLE_TRANSLATE_BASE_URL", ""},
    {"exa", {"EXA_API_KEY", "", ""}, "EXA_BASE_URL", ""},
}};

const Names* find(std::string_view type) {
  for (const auto& names : kNames) {
    if (names.type == type) return &names;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> type_for_variable(std::string_view name) {
  for (const auto& names : kNames) {
    for (auto variable : names.variables) {
      if (!variable.empty() && variable == name) return std::string(names.type);
    }
  }
  return std::nullopt;
}

std::string variable_for_type(std::string_view type) {
  const Names* names = find(type);
  return names == nullptr ? std::string() : std::string(names->variables[0]);
}

GatewayVariable gateway_variable(std::string_view type, const std::string& gateway_url) {
  const Names* names = find(type);
  if (names == nullptr) return {};
  return {std::string(names->base_variable),
          gateway_url + "/" + std::string(type) + std::string(names->gateway_suffix)};
}

}  // namespace keyward::client
