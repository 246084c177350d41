#include "domain/catalogue.h"

namespace keyward {

const std::vector<KeyCategory>& key_categories() {
  static const std::vector<KeyCategory> kCategories = {
      {"ai", "AI/ML Services"},
      {"support", "Support and Translation Services"},
      {"search", "Search and Discovery"},
  };
  return kCategories;
}

const std::vector<KeyType>& key_types() {
  static const std::vector<KeyType> kTypes = {
      {"openai", "OpenAI", "ai", "OpenAI API integration for GPT models", "sk-",
       "https://platform.openai.com/api-keys",
       VerifyRequest{"GET", "https://api.openai.com", "/v1/models", "Authorization", "Bearer ", ""},
       GatewayRoute{"https://api.openai.com", "Authorization", "Bearer ", ""}},
      {"anthropic", "Anthropic", "ai", "Claude API access for Anthropic models", "sk-ant-",
       "https://console.anthropic.com/settings/keys",
       VerifyRequest{"GET", "https://api.anthropic.com", "/v1/models", "x-api-key", "",
                     "anthropic-version: 2023-06-01"},
       GatewayRoute{"https://api.anthropic.com", "x-api-key", "", ""}},
      {"google", "Google", "ai", "Google AI services integration", "AIza",
       "https://aistudio.google.com/app/apikey",
       VerifyRequest{"GET", "https://generativelanguage.googleapis.com", "/v1beta/models",
                     "x-goog-api-key", "", ""},
       GatewayRoute{"https://generativelanguage.googleapis.com", "x-goog-api-key", "", ""}},
      {"deepseek", "DeepSeek", "ai", "DeepSeek API integration", "sk-",
       "https://platform.deepseek.com/api_keys",
       VerifyRequest{"GET", "https://api.deepseek.com", "/models", "Authorization", "Bearer ", ""},
       GatewayRoute{"https://api.deepseek.com", "Authorization", "Bearer ", ""}},
      {"fast_inference", "Fast Inference", "ai", "High-speed API access for inference", "", "",
       std::nullopt, GatewayRoute{"", "Authorization", "Bearer ", ""}},
      {"xai", "XAI", "ai", "XAI service integration", "xai-", "https://console.x.ai",
       VerifyRequest{"GET", "https://api.x.ai", "/v1/models", "Authorization", "Bearer ", ""},
       GatewayRoute{"https://api.x.ai", "Authorization", "Bearer ", ""}},
      {"perplexity", "Perplexity", "ai", "Perplexity API integration", "pplx-",
       "https://www.perplexity.ai/settings/api", std::nullopt,
       GatewayRoute{"https://api.perplexity.ai", "Authorization", "Bearer ", ""}},
      {"data_platform", "Data Platform", "ai", "Data platform integration", "", "", std::nullopt,
       GatewayRoute{"", "Authorization", "Bearer ", ""}},
      {"support_system", "Support System", "support", "Support ticket system integration", "", "",
       std::nullopt, GatewayRoute{"", "Authorization", "Bearer ", ""}},
      {"google_translate", "Google Translate", "support", "Translation services API", "AIza",
       "https://console.cloud.google.com/apis/credentials",
       VerifyRequest{"GET", "https://translation.googleapis.com",
                     "/language/translate/v2/languages", "x-goog-api-key", "", ""},
       GatewayRoute{"https://translation.googleapis.com", "", "", "key"}},
      {"exa", "Exa", "search", "Search API integration for web discovery", "",
       "https://dashboard.exa.ai/api-keys", std::nullopt,
       GatewayRoute{"https://api.exa.ai", "x-api-key", "", ""}},
  };
  return kTypes;
}

const KeyType* find_key_type(std::string_view id) {
  for (const auto& type : key_types()) {
    if (type.id == id) return &type;
  }
  return nullptr;
}

}  // namespace keyward
