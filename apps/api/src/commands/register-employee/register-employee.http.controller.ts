import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { RegisterEmployeeCommand } from './register-employee.command';
import { RegisterEmployeeRequestDto } from './register-employee.request.dto';

@ApiTags('people')
@Controller('employees')
export class RegisterEmployeeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @CommandEndpoint()
  @ApiOperation({ summary: 'Register an employee (RegisterEmployee)' })
  register(
    @Body() body: RegisterEmployeeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new RegisterEmployeeCommand(meta, body));
  }
}
