import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { type LoginResponse, loginRequestSchema, validate } from '@selaras/shared';
import { ApiError } from '../http/api-error';
import { Public } from './auth.guard';
import { AuthService } from './auth.service';

@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown): Promise<LoginResponse> {
    const parsed = validate(loginRequestSchema, body ?? {});
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    return this.auth.login(parsed.data.username, parsed.data.password);
  }
}
